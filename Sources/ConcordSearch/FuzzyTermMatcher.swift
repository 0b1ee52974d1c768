/// Compares one query word with every term of a dictionary, the terms given as UTF-8 bytes, without
/// making a string or allocating per term: the length check comes first (most terms fail it), ASCII
/// terms are compared byte for byte, others decoded into a reused buffer (invalid UTF-8 repaired as
/// `String(decoding:as:)` repairs it, so the answer is `EditDistance`'s for that string).
struct FuzzyTermMatcher {
    let limit: Int
    private let source: [UInt32]
    private var target: [UInt32] = []
    private var rows: EditDistance.Rows

    init(_ word: String, limit: Int) {
        self.limit = limit
        source = word.unicodeScalars.map(\.value)
        rows = EditDistance.Rows(sourceLength: source.count)
    }

    /// The distance from the word to the term spelled by `utf8` when it is at most `limit`, else nil.
    mutating func distance(toUTF8 utf8: [UInt8]) -> Int? {
        let n = source.count
        target.removeAll(keepingCapacity: true)
        if utf8.allSatisfy({ $0 < 0x80 }) {
            guard abs(utf8.count - n) <= limit else { return nil }
            for byte in utf8 { target.append(UInt32(byte)) }
        } else {
            // A scalar takes at most 4 bytes and at least 1: rule out most terms before decoding.
            guard utf8.count >= n - limit, (utf8.count + 3) / 4 <= n + limit else { return nil }
            _ = transcode(utf8.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: false) { target.append($0) }
            guard abs(target.count - n) <= limit else { return nil }
        }
        return EditDistance.banded(source: source, target: target, limit: limit, rows: &rows)
    }
}
