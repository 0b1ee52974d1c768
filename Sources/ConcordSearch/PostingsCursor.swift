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
    mutating func next() throws -> Int32
    mutating func advance(to target: Int32) throws -> Int32
    func frequency(inField field: Int) -> Int
    mutating func positions(inField field: Int) throws -> [Int32]
}
