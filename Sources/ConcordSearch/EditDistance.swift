/// Bounded Damerau–Levenshtein distance (the optimal-string-alignment variant: insertions, deletions,
/// substitutions and swaps of two adjacent characters each cost one edit) over Unicode scalars.
///
/// `distance(_:_:limit:)` returns the exact distance when it is at most `limit`, and nil otherwise. It fills
/// only the diagonal band of width `2·limit + 1` of the dynamic-programming table and gives up as soon as
/// a whole row exceeds the limit, so comparing one query word with every term of a dictionary stays cheap.
public struct EditDistance: Sendable {
    private let source: [Unicode.Scalar]

    public init(_ source: String) {
        self.source = Array(source.unicodeScalars)
    }

    public var length: Int { source.count }

    /// The distance from the source to `target` when it is at most `limit`; nil when it is larger.
    public func distance(to target: String, limit: Int) -> Int? {
        distance(to: Array(target.unicodeScalars), limit: limit)
    }

    public func distance(to target: [Unicode.Scalar], limit: Int) -> Int? {
        var rows = Rows(sourceLength: source.count)
        return Self.banded(source: source.map(\.value), target: target.map(\.value), limit: limit, rows: &rows)
    }

    /// Three rows of the table, allocated once for a source length and reused for every target.
    struct Rows {
        var previousPrevious: [Int]
        var previous: [Int]
        var current: [Int]

        init(sourceLength n: Int) {
            previousPrevious = [Int](repeating: 0, count: n + 1)
            previous = previousPrevious
            current = previousPrevious
        }
    }

    /// The banded computation over scalar values; `rows` must have been made for `source.count`.
    static func banded(source: [UInt32], target: [UInt32], limit: Int, rows: inout Rows) -> Int? {
        let n = source.count, m = target.count
        guard limit >= 0, abs(n - m) <= limit else { return nil }
        if n == 0 { return m }
        if m == 0 { return n }
        let outside = limit + 1
        // Rows of the table for target prefixes; columns for source prefixes. Cells outside the band
        // hold `outside`, which is larger than any distance we report.
        for j in 0...n {
            rows.previousPrevious[j] = outside
            rows.previous[j] = j <= limit ? j : outside
        }
        for i in 1...m {
            let low = max(1, i - limit), high = min(n, i + limit)
            for j in 0...n { rows.current[j] = outside }
            if i <= limit { rows.current[0] = i }
            var rowMinimum = rows.current[0]
            if low <= high {
                let t = target[i - 1]
                for j in low...high {
                    let cost = source[j - 1] == t ? 0 : 1
                    var best = rows.previous[j - 1] + cost
                    best = min(best, rows.previous[j] + 1, rows.current[j - 1] + 1)
                    if i > 1, j > 1, source[j - 1] == target[i - 2], source[j - 2] == t {
                        best = min(best, rows.previousPrevious[j - 2] + 1)
                    }
                    rows.current[j] = min(best, outside)
                    rowMinimum = min(rowMinimum, rows.current[j])
                }
            }
            if rowMinimum > limit { return nil }
            swap(&rows.previousPrevious, &rows.previous)
            swap(&rows.previous, &rows.current)
        }
        let result = rows.previous[n]
        return result <= limit ? result : nil
    }

    /// Lucene's AUTO fuzziness for a word of `length` characters: 2 edits from 5 characters, else 1.
    public static func automaticEdits(forLength length: Int) -> Int { length >= 5 ? 2 : 1 }
}
