import Foundation
import ConcordIndex

/// Parses the value of `date:` (and `--from`/`--to`) into a `DateRangeQuery`.
///
/// Forms: `1972`, `1972-05`, `1972-05-09` (the interval the partial date names), `A..B` (from the
/// start of A to the end of B), `A..` and `..B` (open ends), `>=A` (from the start of A), `>A` (after
/// the end of A), `<=A` (to the end of A), `<A` (before the start of A).
enum DateBounds {
    /// `offset` is added to error positions (where the value starts in the query).
    static func parse(_ text: String, offset: Int) throws(QueryError) -> DateRangeQuery {
        func interval(_ part: Substring, at start: Int) throws(QueryError) -> DayInterval {
            guard let interval = DayInterval(isoDate: String(part)) else {
                throw QueryError("invalid date “\(part)”: use YYYY, YYYY-MM or YYYY-MM-DD (years 1–9999)", at: start)
            }
            return interval
        }
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { throw QueryError("date: needs a date or range", at: offset) }
        for (op, count) in [(">=", 2), ("<=", 2), (">", 1), ("<", 1)] where text.hasPrefix(op) {
            let rest = text.dropFirst(count)
            let value = try interval(rest, at: offset + count)
            switch op {
            case ">=": return DateRangeQuery(first: value.first, last: nil)
            case "<=": return DateRangeQuery(first: nil, last: value.last)
            case ">": return DateRangeQuery(first: value.last == Int32.max ? value.last : value.last + 1, last: nil)
            default: return DateRangeQuery(first: nil, last: value.first == Int32.min ? value.first : value.first - 1)
            }
        }
        if let range = text.range(of: "..") {
            let left = text[..<range.lowerBound], right = text[range.upperBound...]
            let rightStart = offset + text[..<range.upperBound].unicodeScalars.count
            guard !(left.isEmpty && right.isEmpty) else { throw QueryError("a date range needs at least one end", at: offset) }
            let first = left.isEmpty ? nil : try interval(left, at: offset).first
            let last = right.isEmpty ? nil : try interval(right, at: rightStart).last
            if let first, let last, first > last {
                throw QueryError("the date range “\(text)” ends before it starts", at: offset)
            }
            return DateRangeQuery(first: first, last: last)
        }
        let value = try interval(Substring(text), at: offset)
        return DateRangeQuery(first: value.first, last: value.last)
    }
}
