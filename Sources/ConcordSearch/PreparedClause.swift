/// A query clause with its whole-index statistics resolved: n_t, idf and, for phrases, the exact
/// per-segment matches.
struct PreparedClause {
    var clause: QueryClause
    var documentFrequency: Int
    var idf: Double
    /// One entry per segment for phrase clauses; nil for term clauses.
    var phrasePostings: [PhrasePostings]?

    var occur: Occur { clause.occur }
}
