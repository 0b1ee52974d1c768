/// Where one term's postings live in a segment, as recorded in the term dictionary.
public struct TermInfo: Equatable, Sendable {
    /// Documents in the segment containing the term in any field (deleted ones included).
    public var documentFrequency: Int
    /// Offset of the term's postings in the `.doc` body.
    public var docStart: Int
    /// Offset of the term's positions in the `.pos` body.
    public var positionStart: Int
}
