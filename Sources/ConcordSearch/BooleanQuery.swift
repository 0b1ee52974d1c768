/// Clauses combined by occur. A document matches when it matches every `must` and `filter` clause,
/// no `mustNot` clause and — when there is no `must` clause and there are `should` clauses — at
/// least one `should` clause. (A `filter` does not relax the should rule: `Berlin date:1972` needs
/// Berlin.) A boolean with no `must`, `should` or `filter` clause matches nothing. The score is the
/// sum, in clause order, of the scores of the matching `must` and `should` clauses.
public struct BooleanQuery: Equatable, Sendable, CustomStringConvertible {
    public var clauses: [BooleanClause]

    public init(clauses: [BooleanClause]) {
        self.clauses = clauses
    }

    public var description: String {
        "(" + clauses.map { clause in
            let prefix: String
            switch clause.occur {
            case .should: prefix = ""
            case .must: prefix = "+"
            case .mustNot: prefix = "-"
            case .filter: prefix = "#"
            }
            return prefix + clause.query.description
        }.joined(separator: " ") + ")"
    }
}

public struct BooleanClause: Equatable, Sendable {
    public var occur: Occur
    public var query: QueryNode

    public init(_ occur: Occur, _ query: QueryNode) {
        self.occur = occur
        self.query = query
    }
}
