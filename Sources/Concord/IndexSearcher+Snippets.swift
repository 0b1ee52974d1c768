import ConcordSearch

/// Where the highlight query's terms occur in each hit's indexed fields, read from the postings: per hit
/// and field, each scored clause term that occurs there with its positions. The stored summary, body and
/// title are the very texts whose tokens were indexed, so these are the positions a re-analysis of the
/// stored text would find: a field without any of the terms holds no snippet match (its analysis can be
/// skipped), and a field's matches follow from the positions without resolving its words to terms.
/// Unknown (a hit outside the index, a postings read that fails) is nil, so nothing is ever skipped
/// or assumed on a guess.
struct HitFieldTerms {
    /// Per hit (in the order of `hits`), per field (`SearchField.rawValue`): term → ascending positions.
    private(set) var positions: [[[String: [Int32]]?]]

    /// Looks each distinct scored term up once per segment holding hits, and walks its postings cursor
    /// through that segment's hits in document order.
    init(hits: [SearchHit], query: Query, index: OnDiskIndex) {
        var terms: [String] = []
        for clause in query.clauses where clause.isScored {
            for term in clause.terms where !terms.contains(term) { terms.append(term) }
        }
        let none = [[String: [Int32]]?](repeating: [:], count: SearchField.count)
        let unknown = [[String: [Int32]]?](repeating: nil, count: SearchField.count)
        positions = hits.map { $0.segment >= 0 && $0.segment < index.segments.count ? none : unknown }
        var bySegment: [Int: [Int]] = [:]
        for (offset, hit) in hits.enumerated() where positions[offset][0] != nil {
            bySegment[hit.segment, default: []].append(offset)
        }
        for (segmentIndex, offsets) in bySegment {
            let segment = index.segments[segmentIndex]
            let ordered = offsets.sorted { hits[$0].doc < hits[$1].doc }
            do {
                for term in terms {
                    guard var cursor = try segment.postings(for: term) else { continue }
                    for offset in ordered {
                        guard try cursor.advance(to: hits[offset].doc) == hits[offset].doc else { continue }
                        for field in 0..<SearchField.count where cursor.frequency(inField: field) > 0 {
                            positions[offset][field]?[term] = try cursor.positions(inField: field)
                        }
                    }
                }
            } catch {
                for offset in ordered { positions[offset] = unknown }
            }
        }
    }

    /// False when no term of the query occurs in `field` of hit number `offset` (true when unknown).
    func mayMatch(_ field: SearchField, hit offset: Int) -> Bool {
        positions[offset][field.rawValue].map { !$0.isEmpty } ?? true
    }

    /// The query's terms in `field` of hit number `offset` with their positions, nil when unknown.
    func termPositions(_ field: SearchField, hit offset: Int) -> [String: [Int32]]? {
        positions[offset][field.rawValue]
    }
}
