/// The rules a sequence of juxtaposed items keeps from the flat query syntax (see `Query`):
/// repeats merge into one clause whose boost counts the scored repeats (`mustNot` beats `must`
/// beats `should` when repeats disagree), and bare stop-word terms go when another scored clause is
/// not a stop word.
enum SequenceRules {
    static func apply(to clauses: [BooleanClause]) -> [BooleanClause] {
        var result: [BooleanClause] = []
        // Short queries find repeats by a scan (a dictionary's first use costs a process more than
        // a short query's whole scan); long ones by hash.
        let scans = clauses.count <= 32
        var keys: [(key: MergeKey, index: Int)] = []
        var indexByKey: [MergeKey: Int] = [:]
        for clause in clauses {
            guard let key = MergeKey(clause.query), clause.occur != .filter else {
                result.append(clause)
                continue
            }
            let found = scans ? keys.first { $0.key == key }?.index : indexByKey[key]
            if let existing = found {
                let merged = rank(clause.occur) > rank(result[existing].occur) ? clause.occur : result[existing].occur
                // The boost of an excluded clause never counts; it stays as it was.
                if merged != .mustNot {
                    result[existing].query = withBoost(result[existing].query, boost(of: result[existing].query) + 1)
                }
                result[existing].occur = merged
            } else {
                if scans { keys.append((key, result.count)) } else { indexByKey[key] = result.count }
                result.append(clause)
            }
        }
        let hasContent = result.contains { ($0.occur == .should || $0.occur == .must) && !isStopWordTerm($0.query) }
        guard hasContent else { return result }
        return result.filter { !($0.occur == .should && isStopWordTerm($0.query)) }
    }

    /// Terms and exact phrases merge with their repeats (same terms, offsets and scope).
    enum MergeKey: Hashable {
        case term(String, SearchField?)
        case phrase([String], [Int], SearchField?)

        init?(_ node: QueryNode) {
            switch node {
            case .term(let q): self = .term(q.term, q.field)
            case .phrase(let q): self = .phrase(q.terms, q.offsets, q.field)
            default: return nil
            }
        }
    }

    static func isStopWordTerm(_ node: QueryNode) -> Bool {
        if case .term(let q) = node { return q.isStopWord }
        return false
    }

    static func boost(of node: QueryNode) -> Int {
        switch node {
        case .term(let q): return q.boost
        case .phrase(let q): return q.boost
        default: return 1
        }
    }

    static func withBoost(_ node: QueryNode, _ boost: Int) -> QueryNode {
        switch node {
        case .term(var q): q.boost = boost; return .term(q)
        case .phrase(var q): q.boost = boost; return .phrase(q)
        default: return node
        }
    }

    private static func rank(_ occur: Occur) -> Int {
        switch occur {
        case .should: return 0
        case .must, .filter: return 1
        case .mustNot: return 2
        }
    }
}
