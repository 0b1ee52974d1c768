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
        let n = source.count, m = target.count
        guard limit >= 0, abs(n - m) <= limit else { return nil }
        if n == 0 { return m }
        if m == 0 { return n }
        let outside = limit + 1
        // Rows of the table for target prefixes; columns for source prefixes. Cells outside the band
        // hold `outside`, which is larger than any distance we report.
        var previousPrevious = [Int](repeating: outside, count: n + 1)
        var previous = [Int](repeating: outside, count: n + 1)
        var current = [Int](repeating: outside, count: n + 1)
        for j in 0...min(n, limit) { previous[j] = j }
        for i in 1...m {
            let low = max(1, i - limit), high = min(n, i + limit)
            for j in 0...n { current[j] = outside }
            if i <= limit { current[0] = i }
            var rowMinimum = current[0]
            if low <= high {
                for j in low...high {
                    let cost = source[j - 1] == target[i - 1] ? 0 : 1
                    var best = previous[j - 1] + cost
                    best = min(best, previous[j] + 1, current[j - 1] + 1)
                    if i > 1, j > 1, source[j - 1] == target[i - 2], source[j - 2] == target[i - 1] {
                        best = min(best, previousPrevious[j - 2] + 1)
                    }
                    current[j] = min(best, outside)
                    rowMinimum = min(rowMinimum, current[j])
                }
            }
            if rowMinimum > limit { return nil }
            swap(&previousPrevious, &previous)
            swap(&previous, &current)
        }
        let result = previous[n]
        return result <= limit ? result : nil
    }

    /// Lucene's AUTO fuzziness for a word of `length` characters: 2 edits from 5 characters, else 1.
    public static func automaticEdits(forLength length: Int) -> Int { length >= 5 ? 2 : 1 }
}
