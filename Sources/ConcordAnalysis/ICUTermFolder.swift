import CICU

/// Folds single words with ICU (see `concord_fold_word`): NFKC case folding, apostrophe
/// unification, script-aware diacritic removal, Latin letter mapping. Not thread-safe.
final class ICUTermFolder {
    private let handle: OpaquePointer
    private var output: [UInt8] = Array(repeating: 0, count: 256)

    init() throws {
        var error: Int32 = 0
        guard let handle = concord_folder_open(&error) else {
            throw AnalyzerError.icuUnavailable(operation: "load the NFKC_Casefold/NFD/NFC normalizers", code: -error)
        }
        self.handle = handle
    }

    deinit { concord_folder_close(handle) }

    /// Calls `body` with the folded UTF-8 bytes of `word` and whether every character is a letter,
    /// mark or apostrophe. Calls it with an empty buffer when ICU fails.
    func fold<R>(_ word: UnsafeBufferPointer<UInt16>,
                 _ body: (UnsafeBufferPointer<UInt8>, _ alphabetic: Bool) -> R) -> R {
        guard let base = word.baseAddress else { return body(UnsafeBufferPointer(start: nil, count: 0), false) }
        var flags: UInt32 = 0
        while true {
            let capacity = output.count
            let length = output.withUnsafeMutableBufferPointer { out in
                concord_fold_word(handle, base, Int32(clamping: word.count), out.baseAddress, Int32(clamping: capacity), &flags)
            }
            if length > capacity {
                output = Array(repeating: 0, count: Int(length) * 2)
                continue
            }
            let valid = max(0, Int(length))
            let alphabetic = flags & UInt32(CONCORD_FOLD_ALPHABETIC) != 0
            return output.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[0..<valid]), alphabetic) }
        }
    }
}
