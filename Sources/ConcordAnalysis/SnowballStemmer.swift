import CStemmer

/// Owns a libstemmer (Snowball) stemmer working on UTF-8. Not thread-safe.
final class SnowballStemmer {
    private let handle: OpaquePointer

    /// Returns nil when libstemmer has no algorithm of that name.
    init?(language: String) {
        guard let handle = sb_stemmer_new(language, "UTF_8") else { return nil }
        self.handle = handle
    }

    deinit { sb_stemmer_delete(handle) }

    /// The stem of a lowercase UTF-8 word; the word itself when libstemmer fails.
    func stem(_ word: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = word.baseAddress,
              let result = sb_stemmer_stem(handle, base, Int32(clamping: word.count))
        else { return String(decoding: word, as: UTF8.self) }
        let length = Int(sb_stemmer_length(handle))
        return String(decoding: UnsafeBufferPointer(start: result, count: length), as: UTF8.self)
    }
}
