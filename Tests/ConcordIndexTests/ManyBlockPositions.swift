import ConcordTestSupport

/// A corpus for position-reading tests: 700 documents of three words and a rare fourth, with long bodies
/// (multi-byte position deltas) and few terms (postings of many blocks).
enum ManyBlockPositions {
    static let words = ["x", "y", "z", "rare"]

    static func documents(_ rng: inout SeededGenerator) -> [PlainDocument] {
        (0..<700).map { i in
            let lengths = [Int.random(in: 0...6, using: &rng), Int.random(in: 0...40, using: &rng), Int.random(in: 0...600, using: &rng)]
            let fields = lengths.map { n in
                (0..<n).map { _ in rng.next() % 50 == 0 ? words[3] : words[Int(rng.next() % 3)] }
            }
            return PlainDocument(id: "doc\(i)", fields: fields)
        }
    }
}
