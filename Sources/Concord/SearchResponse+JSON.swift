import ConcordIngest
import ConcordSearch

/// The JSON shape of a search answer, shared by `concord search --format json`, `--batch` lines and the
/// server's `/api/search`, so they are byte-identical for the same request.
///
///     {"query": …, "total": …, "page": …, "limit": …, "suggestion": "…" | null,
///      "facets": {"year": [{"value": "1972", "count": 27}, …], …},      (only when facets were asked for)
///      "results": [{"rank", "id", "score", "title", "date", "snippet", "highlights", "snippet_field",
///                   "fields": {…}, "source", "explanation"?}, …]}
extension SearchResponse {
    public var jsonObject: JSONValue {
        var members: [(String, JSONValue)] = [
            ("query", .string(query)),
            ("total", .int(total)),
            ("page", .int(page)),
            ("limit", .int(limit)),
            ("suggestion", suggestion.map(JSONValue.string) ?? .null),
        ]
        if !facets.isEmpty {
            members.append(("facets", .object(facets.map { facet in
                (facet.kind.name, .array(facet.counts.map { .object([("value", .string($0.value)), ("count", .int($0.count))]) }))
            })))
        }
        members.append(("results", .array(results.map(\.jsonObject))))
        return .object(members)
    }

    /// `jsonObject` as compact text.
    public var jsonText: String { jsonObject.text }
}

extension SearchResult {
    public var jsonObject: JSONValue {
        var members: [(String, JSONValue)] = [
            ("rank", .int(rank)),
            ("id", .string(id)),
            ("score", .double(score)),
            ("title", .string(title)),
            ("date", date.map { .string($0.iso) } ?? .null),
            ("snippet", .string(snippet)),
            ("highlights", .array(highlights.map { .array($0.map(JSONValue.int)) })),
            ("snippet_field", .string(snippetField)),
            ("fields", .object(fields.keys.sorted().map { ($0, .string(fields[$0] ?? "")) })),
            ("source", .string(location)),
        ]
        if let explanation { members.append(("explanation", explanation.jsonObject)) }
        return .object(members)
    }
}

extension Explanation {
    /// How a score is made up: per clause idf and pseudo-frequency, per field tf, length and weight.
    public var jsonObject: JSONValue {
        .object([
            ("score", .double(score)),
            ("documents", .int(documentCount)),
            ("clauses", .array(clauses.map { clause in
                .object([
                    ("clause", .string(clause.clause)),
                    ("occur", .string(clause.occur.rawValue)),
                    ("idf", .double(clause.idf)),
                    ("documentFrequency", .int(clause.documentFrequency)),
                    ("pseudoFrequency", .double(clause.pseudoFrequency)),
                    ("contribution", .double(clause.contribution)),
                    ("fields", .array(clause.fields.map { field in
                        .object([
                            ("field", .string("\(field.field)")),
                            ("tf", .int(field.termFrequency)),
                            ("length", .int(field.length)),
                            ("averageLength", .double(field.averageLength)),
                            ("weight", .double(field.weight)),
                            ("b", .double(field.b)),
                        ])
                    })),
                ])
            })),
        ])
    }
}
