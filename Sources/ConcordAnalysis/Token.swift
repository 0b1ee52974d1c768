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
    /// The word's key in the analyzer's word cache when the token was made (−1: none); see
    /// `Analyzer.termsAndKeys(_:)`. Not part of the token's value. (It fits in the padding after
    /// `isStopWord`: a token is no larger for it.)
    var cacheKey: Int32 = -1

    public init(term: String, position: Int, start: Int, end: Int, isStopWord: Bool) {
        self.term = term
        self.position = position
        self.start = start
        self.end = end
        self.isStopWord = isStopWord
    }

    init(term: String, position: Int, start: Int, end: Int, isStopWord: Bool, cacheKey: Int32) {
        self.init(term: term, position: position, start: start, end: end, isStopWord: isStopWord)
        self.cacheKey = cacheKey
    }

    public static func == (a: Token, b: Token) -> Bool {
        a.term == b.term && a.position == b.position && a.start == b.start && a.end == b.end && a.isStopWord == b.isStopWord
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(term)
        hasher.combine(position)
        hasher.combine(start)
        hasher.combine(end)
        hasher.combine(isStopWord)
    }
}
