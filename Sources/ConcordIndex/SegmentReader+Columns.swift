/// Per-document column values of a segment: date intervals and keyword (metadata) fields, for filters,
/// sorting and facets without decoding stored fields.
extension SegmentReader {
    /// `doc`'s date as a day interval, nil when it has no date. `doc` must be in `0..<maxDoc`.
    @inline(__always)
    public func dateInterval(_ doc: Int) -> DayInterval? { columns.dateInterval(doc) }

    /// Names of the keyword fields that some document of the segment has, in ascending byte order.
    public var keywordFields: [String] { columns.fieldNames }

    /// The column of keyword field `field`, nil when no document of the segment has it. Fetch it once
    /// per segment and use its ordinals in loops over documents.
    public func keywordColumn(_ field: String) -> KeywordColumn? { columns.keywords[field] }

    /// `doc`'s value of keyword field `field`, exactly as indexed; nil when it has none.
    public func keywordValue(field: String, doc: Int) -> String? { columns.keywords[field]?.value(doc) }

    /// The ordinal of `doc`'s value of `field` in the segment's dictionary of that field, nil when none.
    public func keywordOrdinal(field: String, doc: Int) -> Int? { columns.keywords[field]?.ordinal(doc) }

    /// The ordinal `value` has in this segment's dictionary of `field`, nil when no document has it.
    public func ordinal(of value: String, field: String) -> Int? { columns.keywords[field]?.ordinal(of: value) }

    /// All column values of `doc`, for copying into a new segment (`keywordColumns`: this segment's).
    func columnValues(_ doc: Int, _ keywordColumns: [KeywordColumn]) -> ColumnValues {
        var keywords: [String: String] = [:]
        for column in keywordColumns {
            if let value = column.value(doc) { keywords[column.field] = value }
        }
        return ColumnValues(date: dateInterval(doc), keywords: keywords)
    }
}
