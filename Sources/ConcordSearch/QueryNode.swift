/// A query as a tree of values: leaves that match terms, phrases, expansions, dates or keyword values,
/// and boolean nodes that combine them. It is analyzed (terms are index terms) but not bound to an
/// index: statistics are resolved when a searcher runs it. `description` prints it in the query
/// language, so a tree can be read and compared in tests.
///
/// Scoring (BM25F, see `BM25FScorer`): a term, phrase, proximity or expansion leaf scores as one
/// BM25F term; a boolean node adds the scores of its matching `must`/`should` children in clause
/// order; filters, match-all and match-none score 0.
public indirect enum QueryNode: Equatable, Sendable, CustomStringConvertible {
    case term(TermQuery)
    case phrase(PhraseQuery)
    case proximity(ProximityQuery)
    case prefix(PrefixQuery)
    case fuzzy(FuzzyQuery)
    case boolean(BooleanQuery)
    /// Every live document, score 0 (`*` or an empty query).
    case matchAll
    /// No document (a query whose words all analyze to nothing).
    case matchNone
    case dateRange(DateRangeQuery)
    case keyword(KeywordQuery)

    public var description: String {
        switch self {
        case .term(let q): return q.description
        case .phrase(let q): return q.description
        case .proximity(let q): return q.description
        case .prefix(let q): return q.description
        case .fuzzy(let q): return q.description
        case .boolean(let q): return q.description
        case .matchAll: return "*"
        case .matchNone: return "<none>"
        case .dateRange(let q): return q.description
        case .keyword(let q): return q.description
        }
    }

    /// True for nodes that only filter (dates, keyword values, and booleans made only of them).
    public var isFilter: Bool {
        switch self {
        case .dateRange, .keyword: return true
        case .boolean(let q):
            return q.clauses.contains { $0.occur != .mustNot } && q.clauses.allSatisfy { $0.occur == .mustNot || $0.query.isFilter }
        default: return false
        }
    }

    /// True when a matching document must hold every word of the tree: a word, a phrase, a proximity, a
    /// filter, or a boolean whose clauses are all required (`must` or `filter`) and themselves so. Then no
    /// query made from this one by replacing some of its words finds more documents than any replacement
    /// word occurs in. Optional or excluded clauses and expansions (prefixes, fuzzy words) make it false.
    public var requiresEveryWord: Bool {
        switch self {
        case .term, .phrase, .proximity, .matchAll, .matchNone, .dateRange, .keyword: return true
        case .prefix, .fuzzy: return false
        case .boolean(let q):
            return q.clauses.allSatisfy { ($0.occur == .must || $0.occur == .filter) && $0.query.requiresEveryWord }
        }
    }

    /// Scored leaves (terms, phrases, proximities, expansions) not under an exclusion, in tree order.
    public var positiveLeaves: [QueryNode] {
        switch self {
        case .term, .phrase, .proximity, .prefix, .fuzzy: return [self]
        case .boolean(let q): return q.clauses.filter { $0.occur != .mustNot }.flatMap(\.query.positiveLeaves)
        default: return []
        }
    }
}

/// `title:`, `summary:`, `body:` prefix for a scoped leaf's description.
func scopePrefix(_ field: SearchField?) -> String {
    field.map { $0.storedKey + ":" } ?? ""
}

func boostSuffix(_ boost: Int) -> String {
    boost == 1 ? "" : "^\(boost)"
}
