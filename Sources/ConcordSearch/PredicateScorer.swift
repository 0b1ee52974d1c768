import ConcordIndex

/// A per-document test on values other than text: a date range or a keyword value.
enum DocumentPredicate: Sendable {
    case date(DateRangeQuery)
    case keyword(field: String, value: String)

    @inline(__always)
    func test<Segment: SearchableSegment>(_ doc: Int32, in segment: Segment) throws -> Bool {
        switch self {
        case .date(let range):
            guard let interval = try segment.dateInterval(doc) else { return false }
            return range.matches(interval)
        case .keyword(let field, let value):
            return try segment.keywordValue(field: field, doc: doc) == value
        }
    }
}

/// A filter in one segment: matches documents passing a `DocumentPredicate`, score 0. Asked as a
/// check (`matches`) it reads one document's value; as an iterator it scans live documents. On an
/// on-disk segment a keyword filter resolves its value to the column's ordinal once and then compares
/// integers per document.
final class PredicateScorer<Segment: SearchableSegment> {
    var doc: Int32 = -1
    let cost: Int
    let segment: Segment
    let predicate: DocumentPredicate
    /// The keyword column when the filter can use ordinals.
    private let column: KeywordColumn?
    /// The wanted ordinal in `column` (-1 when no document of the segment has the value).
    private let wantedOrdinal: Int

    init(segment: Segment, predicate: DocumentPredicate) {
        self.segment = segment
        self.predicate = predicate
        self.cost = Int(segment.maxDoc)
        if case .keyword(let field, let value) = predicate, let disk = segment as? OnDiskSegment,
           let column = disk.keywordColumn(field) {
            self.column = column
            wantedOrdinal = column.ordinal(of: value) ?? -1
        } else {
            column = nil
            wantedOrdinal = -1
        }
    }

    @inline(__always)
    private func test(_ doc: Int32) throws -> Bool {
        if let column {
            guard wantedOrdinal >= 0, doc >= 0, doc < segment.maxDoc else { return false }
            return column.ordinal(Int(doc)) == wantedOrdinal
        }
        return try predicate.test(doc, in: segment)
    }

    func advance(to target: Int32) throws -> Int32 {
        if doc >= target { return doc }
        var d = max(target, 0)
        let maxDoc = segment.maxDoc
        while d < maxDoc {
            if segment.isLive(d), try test(d) {
                doc = d
                return d
            }
            d += 1
        }
        doc = Int32.max
        return doc
    }

    func matches(_ doc: Int32) throws -> Bool { try test(doc) }
}
