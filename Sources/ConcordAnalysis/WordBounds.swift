/// Where one word of a text lies, `[start, end)` in Unicode scalars: a `Token`'s offsets without its term,
/// position (the word's index in a list of them) or stop flag. A plain value, so a list of them is one
/// allocation with nothing to release per word (what snippets segment texts into).
public struct WordBounds: Equatable, Hashable, Sendable {
    public var start: Int
    public var end: Int

    public init(start: Int, end: Int) {
        self.start = start
        self.end = end
    }

    /// The offsets of `token`.
    public init(_ token: Token) {
        self.init(start: token.start, end: token.end)
    }
}
