extension QueryNode {
    /// Terms the tree names: one per term, prefix and fuzzy leaf, every word of a phrase or proximity.
    /// (Expansions are capped separately, see `TermExpander`.)
    public var termCount: Int {
        switch self {
        case .term, .prefix, .fuzzy: return 1
        case .phrase(let q): return q.terms.count
        case .proximity(let q): return q.terms.count
        case .boolean(let q): return q.clauses.reduce(0) { $0 + $1.query.termCount }
        case .matchAll, .matchNone, .dateRange, .keyword: return 0
        }
    }

    /// Fuzzy leaves of the tree (each one a pass over the whole term dictionary when the query runs).
    public var fuzzyTermCount: Int {
        switch self {
        case .fuzzy: return 1
        case .boolean(let q): return q.clauses.reduce(0) { $0 + $1.query.fuzzyTermCount }
        case .term, .prefix, .phrase, .proximity, .matchAll, .matchNone, .dateRange, .keyword: return 0
        }
    }

    /// Throws `SearchError.tooManyTerms` past `Query.maximumTermCount` and `SearchError.tooManyFuzzyTerms`
    /// past `Query.maximumFuzzyTermCount`, so the work of one query is bounded.
    public func checkLimits() throws {
        let count = termCount
        guard count <= Query.maximumTermCount else {
            throw SearchError.tooManyTerms(count: count, limit: Query.maximumTermCount)
        }
        let fuzzy = fuzzyTermCount
        guard fuzzy <= Query.maximumFuzzyTermCount else {
            throw SearchError.tooManyFuzzyTerms(count: fuzzy, limit: Query.maximumFuzzyTermCount)
        }
    }
}
