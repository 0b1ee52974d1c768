/// One analyzed term, in all fields (BM25F over title, summary and body) or in one field only.
///
/// A scoped term (`title:Kissinger`) matches and scores in that field only: BM25F restricted to the
/// field, tf' = w_f · tf_f / norm_f, with n_t = live documents having the term in that field.
public struct TermQuery: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var term: String
    public var field: SearchField?
    /// How many times the query repeats the term (its score is multiplied by this).
    public var boost: Int
    public var isStopWord: Bool

    public init(term: String, field: SearchField? = nil, boost: Int = 1, isStopWord: Bool = false) {
        self.term = term
        self.field = field
        self.boost = boost
        self.isStopWord = isStopWord
    }

    public var description: String { scopePrefix(field) + term + boostSuffix(boost) }
}
