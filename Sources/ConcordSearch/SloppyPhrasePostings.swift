/// Proximity matches (see `ProximityQuery` for the occurrence definition) of one segment, collected
/// by a full pass like exact phrases: live documents ascending with per-field occurrence counts.
enum SloppyPhrasePostings {
    static func collect<Segment: SearchableSegment>(_ query: ProximityQuery, in segment: Segment) throws -> PhrasePostings {
        let (distinct, termOfPart) = PhrasePostings.partsMapping(query.terms)
        return try PhrasePostings.scan(distinct, in: segment, field: query.field) { positions in
            Int32(clamping: occurrences(positions: positions, termOfPart: termOfPart, offsets: query.offsets, slop: query.slop))
        }
    }

    /// The number of distinct starts s such that some placement with start s has span ≤ slop.
    ///
    /// A start s needs an anchor part a whose term is at s + o_a, and every other part i placed on a
    /// position of its term in [s + o_i, s + o_i + slop], parts of the same term on distinct positions
    /// (not the anchor's). Within one term the windows all have the same length, so placing its parts
    /// in window order on the earliest free position decides whether a placement exists.
    static func occurrences(positions: [[Int32]], termOfPart: [Int], offsets: [Int], slop: Int) -> Int {
        var starts = Set<Int>()
        let parts = termOfPart.count
        // Parts of each term, ordered by offset (their windows' order).
        var partsOfTerm = [[Int]](repeating: [], count: positions.count)
        for part in (0..<parts).sorted(by: { offsets[$0] < offsets[$1] }) { partsOfTerm[termOfPart[part]].append(part) }
        for anchor in 0..<parts {
            for p in positions[termOfPart[anchor]] {
                let s = Int(p) - offsets[anchor]
                if starts.contains(s) { continue }
                if placementExists(start: s, anchor: anchor, anchorPosition: Int(p), positions: positions,
                                   partsOfTerm: partsOfTerm, offsets: offsets, slop: slop) {
                    starts.insert(s)
                }
            }
        }
        return starts.count
    }

    private static func placementExists(
        start s: Int, anchor: Int, anchorPosition: Int, positions: [[Int32]], partsOfTerm: [[Int]], offsets: [Int], slop: Int
    ) -> Bool {
        for (term, parts) in partsOfTerm.enumerated() {
            let list = positions[term]
            var index = 0  // first position not yet used
            for part in parts where part != anchor {
                let low = s + offsets[part], high = low + slop
                while index < list.count && (Int(list[index]) < low || Int(list[index]) == anchorPosition) { index += 1 }
                guard index < list.count, Int(list[index]) <= high else { return false }
                index += 1
            }
        }
        return true
    }
}
