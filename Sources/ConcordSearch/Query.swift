/// A flat analyzed query: distinct clauses, each a term or a phrase with an occur. It is the syntax
/// before query trees (`QueryNode`, parsed by `QueryLanguageParser`, which applies the same rules inside
/// each sequence); it remains the form snippets highlight and a reference the tree is tested against
/// (`QueryNode(flat:)` runs it on the tree engine).
///
/// Guarantees after `init(parsing:tokenizer:)`:
/// - Every clause has at least one term; no two clauses have the same terms and offsets (a repeated
///   term counts once; when repeats disagree, `mustNot` beats `must` beats `should`).
/// - One unquoted word that analyzes to several tokens (`Sino-Soviet`, `e-mail`) is a phrase of its parts.
/// - Bare (`should`) stop-word terms are removed when the query has another positive clause that is not
///   a stop-word term; a query of only stop words keeps them. Stop words inside phrases always stay,
///   and explicitly required (`+the`) or excluded (`-the`) stop words are kept.
/// - A query with no `should`/`must` clause matches nothing.
///
/// Limits: a search refuses query text over `maximumTextBytes` bytes and queries of more than
/// `maximumTermCount` terms (every word of a phrase counts) or `maximumFuzzyTermCount` fuzzy terms
/// with a `SearchError`, so the work one query
/// can cause is bounded: within the limits, preparing a query is linear in its length.
public struct Query: Equatable, Sendable {
    /// Longest query text accepted (64 KiB).
    public static let maximumTextBytes = 64 * 1024
    /// Most terms a query may have, phrase words included (as Lucene's default clause limit).
    public static let maximumTermCount = 1024
    /// Most fuzzy terms (`word~`) a query may have: each compares its word with every term of the
    /// dictionary, so they bound the work of one query more tightly than `maximumTermCount`.
    public static let maximumFuzzyTermCount = 16

    public var clauses: [QueryClause]

    /// Total terms over all clauses.
    public var termCount: Int { clauses.reduce(0) { $0 + $1.terms.count } }

    /// Throws `SearchError.tooManyTerms` past `maximumTermCount`.
    public func checkLimits() throws {
        let count = termCount
        guard count <= Self.maximumTermCount else { throw SearchError.tooManyTerms(count: count, limit: Self.maximumTermCount) }
    }

    /// Throws `SearchError.queryTooLong` for text past `maximumTextBytes` (before any analysis).
    public static func checkLength(of text: String) throws {
        let bytes = text.utf8.count
        guard bytes <= maximumTextBytes else { throw SearchError.queryTooLong(bytes: bytes, limit: maximumTextBytes) }
    }

    public init(clauses: [QueryClause]) {
        self.clauses = clauses
    }

    /// Parses and analyzes `text`; never fails (an unusable query has no clauses and no hits).
    public init(parsing text: String, tokenizer: some TextTokenizing) {
        self.init(parsed: QueryParser().parse(text), tokenizer: tokenizer)
    }

    /// Analyzes parsed clauses with `tokenizer` and applies the de-duplication and stop-word rules.
    public init(parsed: [ParsedClause], tokenizer: some TextTokenizing) {
        var analyzed: [QueryClause] = []
        for parsedClause in parsed {
            let tokens = tokenizer.tokens(parsedClause.text)
            guard let first = tokens.first else { continue }
            if tokens.count == 1 {
                analyzed.append(QueryClause(occur: parsedClause.occur, term: first.term, isStopWord: first.isStopWord))
            } else {
                analyzed.append(QueryClause(
                    occur: parsedClause.occur,
                    terms: tokens.map(\.term),
                    offsets: tokens.map { $0.position - first.position }
                ))
            }
        }
        self.clauses = Self.applyingStopWordRule(to: Self.deduplicated(analyzed))
    }

    /// True when at least one clause can make a document match.
    public var hasPositiveClauses: Bool { clauses.contains { $0.isScored && !$0.terms.isEmpty } }

    static func deduplicated(_ clauses: [QueryClause]) -> [QueryClause] {
        var result: [QueryClause] = []
        var indexByKey: [QueryClause.MatchKey: Int] = [:]
        for clause in clauses {
            if let existing = indexByKey[clause.matchKey] {
                // One clause per distinct term or phrase for matching; repeats add to its query frequency.
                if rank(clause.occur) > rank(result[existing].occur) { result[existing].occur = clause.occur }
                result[existing].queryFrequency = result[existing].occur == .mustNot
                    ? 0 : result[existing].queryFrequency + (clause.occur == .mustNot ? 0 : 1)
            } else {
                indexByKey[clause.matchKey] = result.count
                result.append(clause)
            }
        }
        return result
    }

    static func applyingStopWordRule(to clauses: [QueryClause]) -> [QueryClause] {
        let hasContentClause = clauses.contains { $0.isScored && !$0.isStopWord }
        guard hasContentClause else { return clauses }
        return clauses.filter { !($0.occur == .should && $0.isStopWord) }
    }

    private static func rank(_ occur: Occur) -> Int {
        switch occur {
        case .should: return 0
        case .must, .filter: return 1
        case .mustNot: return 2
        }
    }
}
