/// The bounded Damerau–Levenshtein table of `EditDistance`, kept row by row for a candidate that grows
/// and shrinks one scalar at a time: walking a sorted dictionary, a term shares its rows with the
/// previous term for their common prefix, so only the rows of the differing suffix are computed.
///
/// Row `i` holds the distances from every source prefix to the candidate's first `i` scalars, within the
/// band `|i − j| ≤ limit` (cells outside hold `limit + 1`), exactly as `EditDistance.distance` fills
/// them; only the band is stored (`2·limit + 1` cells a row, whatever the source's length). A row's
/// minimum never decreases in later rows (every cell, the swap included, comes from a cell of an
/// earlier row or of the same row plus a non-negative cost), so once a row's minimum exceeds the limit
/// no candidate with that prefix can match.
struct EditDistanceRows {
    /// The source's scalar values.
    let source: [UInt32]
    let limit: Int
    /// Cells a row: the band, `limit` either side of the diagonal. Cell `d` of row `i` is column
    /// `j = i − limit + d`.
    private let width: Int
    /// Rows `0...depth` in order (the arrays only grow; what lies past `depth` is stale).
    private var cells: [Int]
    /// The candidate's scalar values, `depth` of them (what lies past is stale).
    private var candidate: [UInt32]
    /// The smallest cell of rows `0...depth` (what lies past is stale).
    private var minima: [Int]
    /// Scalars of the candidate so far.
    private(set) var depth = 0

    init(source: [Unicode.Scalar], limit: Int) {
        self.source = source.map(\.value)
        self.limit = max(limit, 0)
        let limit = self.limit, width = 2 * limit + 1, n = source.count
        self.width = width
        var cells = (0..<width).map { d in d - limit >= 0 && d - limit <= n ? d - limit : limit + 1 }
        cells.reserveCapacity(width * 32)
        self.cells = cells
        minima = [cells.min() ?? limit + 1]
        minima.reserveCapacity(32)
        candidate = []
        candidate.reserveCapacity(32)
    }

    /// Forgets the candidate's scalars past the first `depth`.
    mutating func truncate(to depth: Int) {
        self.depth = min(self.depth, max(depth, 0))
    }

    /// Appends `scalar` to the candidate and returns the smallest distance in its row: when it is above
    /// `limit`, no candidate starting with the current scalars is within the limit.
    mutating func append(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        let before = depth > 0 ? candidate[depth - 1] : 0
        if candidate.count == depth { candidate.append(value) } else { candidate[depth] = value }
        depth += 1
        let i = depth, n = source.count, limit = limit, width = width, outside = limit + 1
        let previousStart = width * (i - 1), currentStart = width * i
        if cells.count < currentStart + width { cells.append(contentsOf: repeatElement(outside, count: width)) }
        let rowMinimum = source.withUnsafeBufferPointer { source in
            cells.withUnsafeMutableBufferPointer { cells in
                // Cell `d` is column `j = i − limit + d`; only `low...high` hold columns `0...n`, the rest
                // of the row is outside. A neighbour missing from the band counts as `outside`, which
                // changes nothing: every cell is capped at `outside` anyway.
                let low = max(0, limit - i), high = min(width - 1, n + limit - i)
                var rowMinimum = outside
                var d = 0
                while d < low {
                    cells[currentStart + d] = outside
                    d += 1
                }
                // The cell left of the next one.
                var left = outside
                if d <= high, i - limit + d == 0 {
                    left = min(i, outside)
                    cells[currentStart + d] = left
                    rowMinimum = left
                    d += 1
                }
                let twoBack = previousStart - width
                while d <= high {
                    let j = i - limit + d
                    let sourceScalar = source[j - 1]
                    let up = d + 1 < width ? cells[previousStart + d + 1] : outside
                    var best = min(cells[previousStart + d] + (sourceScalar == value ? 0 : 1), min(up, left) + 1)
                    if i > 1, j > 1, sourceScalar == before, source[j - 2] == value {
                        best = min(best, cells[twoBack + d] + 1)
                    }
                    let cell = min(best, outside)
                    cells[currentStart + d] = cell
                    rowMinimum = min(rowMinimum, cell)
                    left = cell
                    d += 1
                }
                while d < width {
                    cells[currentStart + d] = outside
                    d += 1
                }
                return rowMinimum
            }
        }
        if minima.count == i { minima.append(rowMinimum) } else { minima[i] = rowMinimum }
        return rowMinimum
    }

    /// The smallest distance in row `row` (at most `depth`; row 0 is the empty candidate's).
    func minimum(ofRow row: Int) -> Int {
        minima[min(max(row, 0), depth)]
    }

    /// The distance from the source to the whole candidate when it is at most `limit`, else nil.
    var distance: Int? {
        let d = source.count - depth + limit
        guard d >= 0, d < width else { return nil }
        let value = cells[width * depth + d]
        return value <= limit ? value : nil
    }
}
