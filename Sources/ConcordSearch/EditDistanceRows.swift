/// The bounded Damerau–Levenshtein table of `EditDistance`, kept row by row for a candidate that grows
/// and shrinks one scalar at a time: walking a sorted dictionary, a term shares its rows with the
/// previous term for their common prefix, so only the rows of the differing suffix are computed.
///
/// Row `i` holds the distances from every source prefix to the candidate's first `i` scalars, within the
/// band `|i − j| ≤ limit` (cells outside hold `limit + 1`), exactly as `EditDistance.distance` fills
/// them. A row's minimum never decreases in later rows (every cell, the swap included, comes from a cell
/// of an earlier row or of the same row plus a non-negative cost), so once a row's minimum exceeds the
/// limit no candidate with that prefix can match.
struct EditDistanceRows {
    let source: [Unicode.Scalar]
    let limit: Int
    private let width: Int
    private var cells: [Int]
    private(set) var candidate: [Unicode.Scalar] = []

    init(source: [Unicode.Scalar], limit: Int) {
        self.source = source
        self.limit = max(limit, 0)
        width = source.count + 1
        let outside = self.limit + 1
        cells = [Int](repeating: outside, count: width)
        for j in 0...min(source.count, self.limit) { cells[j] = j }
    }

    /// Scalars of the candidate so far.
    var depth: Int { candidate.count }

    /// Forgets the candidate's scalars past the first `depth`.
    mutating func truncate(to depth: Int) {
        guard depth < candidate.count else { return }
        candidate.removeLast(candidate.count - max(depth, 0))
        cells.removeLast(cells.count - width * (candidate.count + 1))
    }

    /// Appends `scalar` to the candidate and returns the smallest distance in its row: when it is above
    /// `limit`, no candidate starting with the current scalars is within the limit.
    mutating func append(_ scalar: Unicode.Scalar) -> Int {
        candidate.append(scalar)
        let i = candidate.count, n = source.count, outside = limit + 1
        let previousStart = width * (i - 1), previousPreviousStart = width * (i - 2)
        let currentStart = cells.count
        cells.append(contentsOf: repeatElement(outside, count: width))
        if i <= limit { cells[currentStart] = i }
        var rowMinimum = cells[currentStart]
        let low = max(1, i - limit), high = min(n, i + limit)
        if low <= high {
            for j in low...high {
                let cost = source[j - 1] == scalar ? 0 : 1
                var best = cells[previousStart + j - 1] + cost
                best = min(best, cells[previousStart + j] + 1, cells[currentStart + j - 1] + 1)
                if i > 1, j > 1, source[j - 1] == candidate[i - 2], source[j - 2] == scalar {
                    best = min(best, cells[previousPreviousStart + j - 2] + 1)
                }
                let cell = min(best, outside)
                cells[currentStart + j] = cell
                rowMinimum = min(rowMinimum, cell)
            }
        }
        return rowMinimum
    }

    /// The distance from the source to the whole candidate when it is at most `limit`, else nil.
    var distance: Int? {
        let value = cells[width * candidate.count + source.count]
        return value <= limit ? value : nil
    }
}
