import ConcordSearch

/// Where the highlight query's terms occur in each hit's indexed fields, read from the postings: per hit
/// and field, whether a scored clause term occurs there and, for the fields a snippet may come from, each
/// such term with its positions. The stored summary, body and title are the very texts whose tokens were
/// indexed, so these are the positions a re-analysis of the stored text would find: a field without any
/// of the terms holds no snippet match (its analysis can be skipped), and a field's matches follow from
/// the positions without resolving its words to terms. Unknown (a hit outside the index, a postings read
/// that fails, positions not read) is nil, so nothing is ever skipped or assumed on a guess.
struct HitFieldTerms {
    /// Per hit (in the order of `hits`): bit `SearchField.rawValue` set when a term occurs in that field
    /// (every bit when unknown).
    private var masks: [UInt8]
    /// The query's distinct scored terms, in clause order.
    private let terms: [String]
    /// Every position list read, back to back (see `TermPositions`).
    private var buffer: [Int32] = []
    /// Per hit and field whose positions were read, `terms.count + 1` bounds into `buffer`.
    private var bounds: [Int] = []
    /// Per hit and field (`hit * SearchField.count + field`): where its bounds start, -1 when no term
    /// occurs there, -2 when its positions were not read.
    private var firsts: [Int]
    /// Per hit and field: the field's length (its word count) where positions were read, else -1.
    private var wordCounts: [Int]

    /// Walks one postings cursor per distinct scored term through each segment's hits in document order.
    /// Positions are read for the summary, and for the body and title only where a snippet can come from
    /// them: the query has a phrase (terms may occur without it) or no earlier field holds a term.
    init(hits: [SearchHit], query: Query, index: OnDiskIndex) {
        var terms: [String] = []
        for clause in query.clauses where clause.isScored {
            for term in clause.terms where !terms.contains(term) { terms.append(term) }
        }
        self.terms = terms
        let hasPhrase = query.clauses.contains { $0.isScored && $0.isPhrase }
        let fieldCount = SearchField.count
        let allFields: UInt8 = (1 << fieldCount) - 1
        masks = [UInt8](repeating: allFields, count: hits.count)
        firsts = [Int](repeating: -2, count: hits.count * fieldCount)
        wordCounts = [Int](repeating: -1, count: hits.count * fieldCount)

        var bySegment: [[(doc: Int32, offset: Int)]] = Array(repeating: [], count: index.segments.count)
        for (offset, hit) in hits.enumerated() where hit.segment >= 0 && hit.segment < index.segments.count {
            bySegment[hit.segment].append((hit.doc, offset))
        }
        // Per term and field of the current hit: the term's frequency there.
        var frequencies = [Int](repeating: 0, count: terms.count * fieldCount)
        // Per term: its cursor's index in the current segment's `cursors`, -1 when the segment lacks it.
        var cursorOfTerm = [Int](repeating: -1, count: terms.count)
        var scratch: [Int32] = []
        // The fields a snippet may come from, in the order it looks at them (made once, not per hit).
        let snippetFields = IndexSearcher.snippetFields.map(\.field)
        for (segmentIndex, entries) in bySegment.enumerated() where !entries.isEmpty {
            let segment = index.segments[segmentIndex]
            let ordered = entries.sorted { $0.doc < $1.doc }
            do {
                // The terms this segment has, each with its cursor.
                var termIndices: [Int] = []
                var cursors: [OnDiskSegment.Cursor] = []
                for t in terms.indices {
                    cursorOfTerm[t] = -1
                    guard let cursor = try segment.postings(for: terms[t]) else { continue }
                    cursorOfTerm[t] = cursors.count
                    termIndices.append(t)
                    cursors.append(cursor)
                }
                for (doc, offset) in ordered {
                    var mask: UInt8 = 0
                    for c in cursors.indices {
                        let base = termIndices[c] * fieldCount
                        for field in 0..<fieldCount { frequencies[base + field] = 0 }
                        guard try cursors[c].advance(to: doc) == doc else { continue }
                        // Read for this document alone (the block's frequencies are not unpacked: few hits
                        // fall in one block).
                        let tf = cursors[c].currentFrequencies()
                        for field in 0..<fieldCount {
                            let frequency = field == 0 ? tf.0 : field == 1 ? tf.1 : tf.2
                            frequencies[base + field] = frequency
                            if frequency > 0 { mask |= 1 << field }
                        }
                    }
                    masks[offset] = mask
                    var earlier: UInt8 = 0
                    for field in snippetFields {
                        let bit: UInt8 = 1 << field.rawValue
                        defer { earlier |= mask & bit }
                        guard mask & bit != 0 else {
                            firsts[offset * fieldCount + field.rawValue] = -1
                            continue
                        }
                        guard field == .summary || hasPhrase || earlier == 0 else { continue }
                        let first = bounds.count
                        bounds.append(buffer.count)
                        for t in terms.indices {
                            let c = cursorOfTerm[t]
                            if c >= 0, frequencies[t * fieldCount + field.rawValue] > 0 {
                                try cursors[c].positions(inField: field.rawValue, into: &scratch)
                                buffer.append(contentsOf: scratch)
                            }
                            bounds.append(buffer.count)
                        }
                        firsts[offset * fieldCount + field.rawValue] = first
                        wordCounts[offset * fieldCount + field.rawValue] = segment.fieldLength(doc, field: field.rawValue)
                    }
                }
            } catch {
                for (_, offset) in ordered {
                    masks[offset] = allFields
                    for field in 0..<fieldCount {
                        firsts[offset * fieldCount + field] = -2
                        wordCounts[offset * fieldCount + field] = -1
                    }
                }
            }
        }
    }

    /// False when no term of the query occurs in `field` of hit number `offset` (true when unknown).
    func mayMatch(_ field: SearchField, hit offset: Int) -> Bool {
        masks[offset] & (1 << field.rawValue) != 0
    }

    /// The query's terms in `field` of hit number `offset` with their positions, nil when unknown.
    func termPositions(_ field: SearchField, hit offset: Int) -> TermPositions? {
        let first = firsts[offset * SearchField.count + field.rawValue]
        guard first >= -1 else { return nil }
        return TermPositions(terms: terms, buffer: buffer, bounds: bounds, first: first)
    }

    /// The number of words the index counted in `field` of hit number `offset`, nil when not read.
    func wordCount(_ field: SearchField, hit offset: Int) -> Int? {
        let count = wordCounts[offset * SearchField.count + field.rawValue]
        return count >= 0 ? count : nil
    }
}
