import ConcordIndex

/// Iterates one term's postings in one segment, document ids strictly ascending.
///
/// Guarantees expected by the searcher:
/// - `doc` is `-1` before the first `next()`/`advance(to:)` and `Int32.max` once exhausted.
/// - `advance(to:)` moves to the first document `>= target`; it is a no-op when `doc >= target`.
/// - `frequency(inField:)` and `positions(inField:)` describe the current document only;
///   field 0 = title, 1 = summary, 2 = body. Positions are ascending analyzer positions.
/// - Postings may include deleted documents; the searcher filters them with `isLive`.
public protocol PostingsCursor {
    var doc: Int32 { get }
    /// How many documents the cursor lists (deleted ones included): intersections lead with the
    /// shortest list.
    var documentFrequency: Int { get }
    mutating func next() throws -> Int32
    mutating func advance(to target: Int32) throws -> Int32
    func frequency(inField field: Int) -> Int
    /// The current document's frequencies (title, summary, body) at once; a block cursor reads them
    /// without decoding its whole block's frequencies (for loops that visit few documents per block).
    func currentFrequencies() -> (Int, Int, Int)
    mutating func positions(inField field: Int) throws -> [Int32]
    /// The same positions written into `output` (its contents replaced, its capacity reused), for
    /// loops over many documents.
    mutating func positions(inField field: Int, into output: inout [Int32]) throws
    /// Keeps, of the ascending `starts[0..<count]` (moved to the front, in order), those `s` at which
    /// the term occurs at position `s + offset` in `field` of the current document, and returns how many
    /// are kept (for exact phrases: one call per further word narrows the starts the rarer words allow).
    /// Writes `p - offset` for the term's positions `p` in `field` of the current document, ascending,
    /// to `starts` (room for `capacity` values) and returns how many (at most `capacity`).
    mutating func writeStarts(inField field: Int, offset: Int, into starts: UnsafeMutablePointer<Int>, capacity: Int) throws -> Int
    mutating func retainStarts(_ starts: UnsafeMutablePointer<Int>, count: Int, offset: Int, inField field: Int) throws -> Int
    /// The two-word core of an exact phrase: with `self` and `other` on the same document, per field f
    /// whose bit is set in `fields` and where both terms occur, writes to `starts + f * capacity` the
    /// ascending starts s at which `self`'s term sits at s + `offset` and `other`'s at s + `otherOffset`,
    /// and returns how many per field (title, summary, body; 0 for another field); nil, reading nothing,
    /// when `self`'s frequency in such a field exceeds `capacity`. (`writeStarts` then `retainStarts` per
    /// field; a block cursor does it in one pass over each cursor's positions.)
    mutating func pairStarts(with other: inout Self, offset: Int, otherOffset: Int, fields: Int,
                             into starts: UnsafeMutablePointer<Int>, capacity: Int) throws -> (Int, Int, Int)?

    /// Block-at-a-time iteration, for loops that visit every posting: moves to the next block and
    /// returns how many documents it holds (0 when exhausted). `blockDocument(_:)` and
    /// `blockFrequencies(_:)` then read them. A cursor is iterated either by blocks or by documents.
    mutating func nextBlock() throws -> Int
    func blockDocument(_ index: Int) -> Int32
    func blockFrequencies(_ index: Int) -> (Int, Int, Int)
    /// Per field, the largest frequency and the smallest field length among the current block's
    /// documents that contain the term (an upper bound of any of their scores follows), or nil.
    func blockBounds() -> PostingsBlockBounds?
    /// The last document that `blockBounds()` covers: that of the block holding the current document
    /// (`Int32.max` for a cursor without blocks, whose bounds, if any, hold for every document).
    var blockLastDocument: Int32 { get }
    /// The current block's frequencies, readable by index after the cursor has moved on (see
    /// `BlockFrequencyView` for how long).
    func blockFrequencyView() -> BlockFrequencyView
    /// During block-at-a-time iteration: how many documents (deleted ones included) the block after the
    /// current one holds and its bounds, from skip data, without decoding it; nil when unknown or when
    /// no block follows.
    func nextBlockSummary() -> (count: Int, bounds: PostingsBlockBounds)?
    /// Moves past the block `nextBlockSummary()` describes without decoding it; only `nextBlock()`,
    /// `nextBlockSummary()` and `skipNextBlock()` may follow.
    mutating func skipNextBlock() throws
}

/// Bounds over one block of postings: per field the largest frequency (`maxFrequency`, nil when
/// unknown: saturated) and the smallest length, and the largest pseudo-frequency a document of the
/// block reaches under its segment's `blockScoreParameters` (nil when unknown).
public struct PostingsBlockBounds: Sendable {
    public var maxFrequency: (Int, Int, Int)?
    public var minLength: (Int, Int, Int)
    public var maxPseudoFrequency: Double?

    public init(maxFrequency: (Int, Int, Int)?, minLength: (Int, Int, Int), maxPseudoFrequency: Double? = nil) {
        self.maxFrequency = maxFrequency
        self.minLength = minLength
        self.maxPseudoFrequency = maxPseudoFrequency
    }
}

extension PostingsCursor {
    // Document-at-a-time fallbacks: one document per block, no bounds.
    public mutating func nextBlock() throws -> Int { try next() == Int32.max ? 0 : 1 }
    public func blockDocument(_ index: Int) -> Int32 { doc }
    public func blockFrequencies(_ index: Int) -> (Int, Int, Int) {
        (frequency(inField: 0), frequency(inField: 1), frequency(inField: 2))
    }
    public func blockBounds() -> PostingsBlockBounds? { nil }
    public func currentFrequencies() -> (Int, Int, Int) {
        (frequency(inField: 0), frequency(inField: 1), frequency(inField: 2))
    }
    public mutating func positions(inField field: Int, into output: inout [Int32]) throws {
        output = try positions(inField: field)
    }
    public mutating func writeStarts(inField field: Int, offset: Int, into starts: UnsafeMutablePointer<Int>, capacity: Int) throws -> Int {
        var written = 0
        for p in try positions(inField: field) where written < capacity {
            starts[written] = Int(p) &- offset
            written += 1
        }
        return written
    }
    public mutating func retainStarts(_ starts: UnsafeMutablePointer<Int>, count: Int, offset: Int, inField field: Int) throws -> Int {
        guard count > 0 else { return 0 }
        var kept = 0, next = 0
        for p in try positions(inField: field) {
            let start = Int(p) &- offset
            while next < count && starts[next] < start { next += 1 }
            if next == count { break }
            if starts[next] == start {
                starts[kept] = start
                kept += 1
                next += 1
            }
        }
        return kept
    }
    public mutating func pairStarts(with other: inout Self, offset: Int, otherOffset: Int, fields: Int,
                                    into starts: UnsafeMutablePointer<Int>, capacity: Int) throws -> (Int, Int, Int)? {
        var counts = (0, 0, 0)
        for field in 0..<3 where fields & (1 << field) != 0 && frequency(inField: field) > 0 && other.frequency(inField: field) > 0 {
            if frequency(inField: field) > capacity { return nil }
        }
        for field in 0..<3 where fields & (1 << field) != 0 && frequency(inField: field) > 0 && other.frequency(inField: field) > 0 {
            let out = starts + field * capacity
            var count = try writeStarts(inField: field, offset: offset, into: out, capacity: capacity)
            count = try other.retainStarts(out, count: count, offset: otherOffset, inField: field)
            switch field {
            case 0: counts.0 = count
            case 1: counts.1 = count
            default: counts.2 = count
            }
        }
        return counts
    }
    public var blockLastDocument: Int32 { Int32.max }
    public func nextBlockSummary() -> (count: Int, bounds: PostingsBlockBounds)? { nil }
    public mutating func skipNextBlock() throws { _ = try nextBlock() }
    public func blockFrequencyView() -> BlockFrequencyView {
        BlockFrequencyView(single: (frequency(inField: 0), frequency(inField: 1), frequency(inField: 2)))
    }
}
