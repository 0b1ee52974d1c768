/// One indexed unit of text: a normalized term, its word position and where it came from.
///
/// `start` and `end` are offsets in Unicode scalars into the analyzed text, `[start, end)`.
/// Positions count every word the analyzer keeps (stop words included), so phrases stay exact.
/// Equality and hashing compare these five properties.
public struct Token: Equatable, Hashable, Sendable {
    public var term: String
    public var position: Int
    public var start: Int
    public var end: Int
    public var isStopWord: Bool

    public init(term: String, position: Int, start: Int, end: Int, isStopWord: Bool) {
        self.term = term
        self.position = position
        self.start = start
        self.end = end
        self.isStopWord = isStopWord
    }
}
