/// A short excerpt of a document with the query's matches marked.
///
/// `highlights` are half-open ranges of Unicode-scalar offsets into `text` (a leading "…" counts as
/// one scalar), sorted and non-overlapping; each covers exactly one matched token.
public struct Snippet: Equatable, Sendable {
    public var text: String
    public var highlights: [Range<Int>]
    /// Distinct query terms matched inside the snippet, in query clause order.
    public var matchedTerms: [String]

    public init(text: String, highlights: [Range<Int>], matchedTerms: [String]) {
        self.text = text
        self.highlights = highlights
        self.matchedTerms = matchedTerms
    }
}
