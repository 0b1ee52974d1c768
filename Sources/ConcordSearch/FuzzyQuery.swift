/// Index terms within `maxEdits` Damerau–Levenshtein edits of `term` (`Kruschev~`, `Kruschev~1`),
/// expanded when the query runs (at most `TermExpansionLimits.fuzzy` terms, most frequent first) and
/// scored like a `PrefixQuery` expansion: one BM25F term over all the expanded terms.
/// A bare `~` means 2 edits for words of 5 letters or more, 1 below (Lucene's AUTO).
public struct FuzzyQuery: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var term: String
    public var maxEdits: Int
    public var field: SearchField?
    public var boost: Int

    public init(term: String, maxEdits: Int, field: SearchField? = nil, boost: Int = 1) {
        self.term = term
        self.maxEdits = maxEdits
        self.field = field
        self.boost = boost
    }

    /// Lucene's AUTO: 2 edits from 5 characters on, 1 below.
    public static func automaticEdits(for term: String) -> Int {
        term.count >= 5 ? 2 : 1
    }

    public var description: String { scopePrefix(field) + term + "~\(maxEdits)" + boostSuffix(boost) }
}
