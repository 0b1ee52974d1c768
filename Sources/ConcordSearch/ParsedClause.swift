/// One clause of a query as typed, before analysis: its occur, its raw text and whether it was quoted.
public struct ParsedClause: Equatable, Hashable, Sendable {
    public var occur: Occur
    /// The raw text: one whitespace-free word, or the contents of a quoted phrase (never empty).
    public var text: String
    /// True when the clause came from `"…"`; its words must then match as an exact phrase.
    public var isQuoted: Bool

    public init(occur: Occur, text: String, isQuoted: Bool) {
        self.occur = occur
        self.text = text
        self.isQuoted = isQuoted
    }
}
