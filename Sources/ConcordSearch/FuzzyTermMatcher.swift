/// Compares one query word with every term of a dictionary, the terms given as UTF-8 bytes, without
/// making a string or allocating per term: the length check comes first (most terms fail it), ASCII
/// terms are compared byte for byte, others decoded into a reused buffer (invalid UTF-8 repaired as
/// `String(decoding:as:)` repairs it, so the answer is `EditDistance`'s for that string).
///
/// Before the distance table, a term is ruled out when more of its characters than `limit` are
/// characters the word does not have (each such character needs its own insertion or substitution;
/// characters are compared by their value modulo 64, which can only let more terms through).
struct FuzzyTermMatcher {
    let limit: Int
    private let source: [UInt32]
    /// Bit `v % 64` set for every character value v of the word.
    let sourceCharacters: UInt64
    private var target: [UInt32] = []
    private var rows: EditDistance.Rows

    /// The word's length in characters.
    var length: Int { source.count }

    init(_ word: String, limit: Int) {
        self.limit = limit
        source = word.unicodeScalars.map(\.value)
        sourceCharacters = source.reduce(0) { $0 | 1 << UInt64($1 & 63) }
        rows = EditDistance.Rows(sourceLength: source.count)
    }

    /// The distance from the word to the term spelled by `utf8` when it is at most `limit`, else nil.
    mutating func distance(toUTF8 utf8: [UInt8]) -> Int? {
        let n = source.count, count = utf8.count
        // A character takes one to four bytes.
        guard count >= n - limit, count <= 4 * (n + limit) else { return nil }
        let characters = sourceCharacters
        let (isASCII, foreign) = utf8.withUnsafeBufferPointer { bytes -> (Bool, Int) in
            var all: UInt8 = 0, foreign: UInt64 = 0
            for byte in bytes {
                all |= byte
                foreign &+= ~(characters >> UInt64(byte & 63)) & 1
            }
            return (all < 0x80, Int(foreign))
        }
        target.removeAll(keepingCapacity: true)
        if isASCII {
            guard count <= n + limit, foreign <= limit else { return nil }
            for byte in utf8 { target.append(UInt32(byte)) }
        } else {
            _ = transcode(utf8.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: false) { target.append($0) }
            guard abs(target.count - n) <= limit else { return nil }
            var foreign = 0
            for value in target where characters & (1 << UInt64(value & 63)) == 0 { foreign += 1 }
            guard foreign <= limit else { return nil }
        }
        return EditDistance.banded(source: source, target: target, limit: limit, rows: &rows)
    }
}
