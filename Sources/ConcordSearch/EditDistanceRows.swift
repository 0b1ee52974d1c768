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
///
/// The rows live in buffers allocated once (room for the rows a walk can reach: past `source.count +
/// limit + 1` scalars every cell is outside the band), one byte a cell. A copy of the value shares them,
/// and growing frees them: a walk holds one value and never copies it.
struct EditDistanceRows {
    /// The source's scalar values.
    let source: [UInt32]
    let limit: Int
    /// The largest limit a byte per cell holds (cells reach `limit + 2` before they are capped).
    static var maximumLimit: Int { 250 }
    /// Cells a row: the band, `limit` either side of the diagonal. Cell `d` of row `i` is column
    /// `j = i − limit + d`.
    private let width: Int
    private let buffers: Buffers
    /// The buffers' pointers, copied here so that the hot loop reads no class property.
    private var sourceValues: UnsafeMutablePointer<UInt32>
    /// Rows `0...depth`, `width` cells each (what lies past `depth` is stale).
    private var cells: UnsafeMutablePointer<UInt8>
    /// The candidate's scalar values, `depth` of them (what lies past is stale).
    private var candidate: UnsafeMutablePointer<UInt32>
    /// The smallest cell of rows `0...depth` (what lies past is stale).
    private var minima: UnsafeMutablePointer<UInt8>
    /// Rows the buffers have room for.
    private var capacity: Int
    /// Scalars of the candidate so far.
    private(set) var depth = 0

    /// Owns the buffers (freed with the last copy of the rows).
    private final class Buffers {
        var sourceValues: UnsafeMutablePointer<UInt32>
        var cells: UnsafeMutablePointer<UInt8>
        var candidate: UnsafeMutablePointer<UInt32>
        var minima: UnsafeMutablePointer<UInt8>

        init(sourceCount: Int, rows: Int, width: Int) {
            sourceValues = .allocate(capacity: max(sourceCount, 1))
            cells = .allocate(capacity: rows * width)
            candidate = .allocate(capacity: rows)
            minima = .allocate(capacity: rows)
        }

        deinit {
            sourceValues.deallocate()
            cells.deallocate()
            candidate.deallocate()
            minima.deallocate()
        }
    }

    /// `limit` is clamped to `0...maximumLimit` (a cell is one byte).
    init(source: [Unicode.Scalar], limit: Int) {
        self.source = source.map(\.value)
        self.limit = min(max(limit, 0), Self.maximumLimit)
        let limit = self.limit, width = 2 * limit + 1, n = source.count
        self.width = width
        capacity = n + limit + 2
        buffers = Buffers(sourceCount: n, rows: capacity, width: width)
        sourceValues = buffers.sourceValues
        cells = buffers.cells
        candidate = buffers.candidate
        minima = buffers.minima
        for (j, value) in self.source.enumerated() { sourceValues[j] = value }
        var minimum = limit + 1
        for d in 0..<width {
            let cell = d - limit >= 0 && d - limit <= n ? d - limit : limit + 1
            cells[d] = UInt8(cell)
            minimum = min(minimum, cell)
        }
        minima[0] = UInt8(minimum)
    }

    /// Forgets the candidate's scalars past the first `depth`.
    mutating func truncate(to depth: Int) {
        self.depth = min(self.depth, max(depth, 0))
    }

    /// Room for row `row` (a caller may go on appending past the rows a walk needs).
    private mutating func grow(toHold row: Int) {
        let rows = max(row + 1, capacity * 2)
        let newCells = UnsafeMutablePointer<UInt8>.allocate(capacity: rows * width)
        newCells.update(from: cells, count: capacity * width)
        let newCandidate = UnsafeMutablePointer<UInt32>.allocate(capacity: rows)
        newCandidate.update(from: candidate, count: capacity)
        let newMinima = UnsafeMutablePointer<UInt8>.allocate(capacity: rows)
        newMinima.update(from: minima, count: capacity)
        buffers.cells.deallocate()
        buffers.candidate.deallocate()
        buffers.minima.deallocate()
        buffers.cells = newCells
        buffers.candidate = newCandidate
        buffers.minima = newMinima
        cells = newCells
        candidate = newCandidate
        minima = newMinima
        capacity = rows
    }

    /// Appends `scalar` to the candidate and returns the smallest distance in its row: when it is above
    /// `limit`, no candidate starting with the current scalars is within the limit.
    mutating func append(_ scalar: Unicode.Scalar) -> Int {
        let value = scalar.value
        let i = depth + 1
        if i >= capacity { grow(toHold: i) }
        let candidate = candidate, cells = cells, source = sourceValues
        let before = i > 1 ? candidate[i - 2] : 0
        candidate[i - 1] = value
        depth = i
        let n = self.source.count, limit = limit, width = width, outside = UInt8(truncatingIfNeeded: limit + 1)
        let previous = cells + width * (i - 1), current = cells + width * i
        // Cell `d` is column `j = i − limit + d`; only `low...high` hold columns `0...n`, the rest of the
        // row is outside. A neighbour missing from the band counts as `outside`, which changes nothing:
        // every cell is capped at `outside` anyway.
        let low = max(0, limit - i), high = min(width - 1, n + limit - i)
        var rowMinimum = outside
        var d = 0
        while d < low {
            current[d] = outside
            d += 1
        }
        // The cell left of the next one.
        var left = outside
        if d <= high, i - limit + d == 0 {
            left = UInt8(truncatingIfNeeded: min(i, limit + 1))
            current[d] = left
            rowMinimum = left
            d += 1
        }
        let twoBack = i > 1 ? cells + width * (i - 2) : previous
        while d <= high {
            let j = i - limit + d
            let sourceScalar = source[j - 1]
            let up = d + 1 < width ? previous[d + 1] : outside
            var best = min(previous[d] &+ (sourceScalar == value ? 0 : 1), min(up, left) &+ 1)
            if i > 1, j > 1, sourceScalar == before, source[j - 2] == value {
                best = min(best, twoBack[d] &+ 1)
            }
            let cell = min(best, outside)
            current[d] = cell
            rowMinimum = min(rowMinimum, cell)
            left = cell
            d += 1
        }
        while d < width {
            current[d] = outside
            d += 1
        }
        minima[i] = rowMinimum
        return Int(rowMinimum)
    }

    /// The smallest distance in row `row` (at most `depth`; row 0 is the empty candidate's).
    func minimum(ofRow row: Int) -> Int {
        Int(minima[min(max(row, 0), depth)])
    }

    /// The distance from the source to the whole candidate when it is at most `limit`, else nil.
    var distance: Int? {
        let d = source.count - depth + limit
        guard d >= 0, d < width else { return nil }
        let value = Int(cells[width * depth + d])
        return value <= limit ? value : nil
    }
}
