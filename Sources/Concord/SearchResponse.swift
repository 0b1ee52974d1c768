/// One page of results for a query: the total number of matching documents and the hits of the page.
public struct SearchResponse: Sendable {
    public var query: String
    public var total: Int
    public var page: Int
    public var limit: Int
    public var results: [SearchResult]
    /// One entry per requested facet, in request order.
    public var facets: [FacetResult] = []
    /// A respelling of the query built from the index's own terms when it has no (or very few) hits.
    public var suggestion: String? = nil
    /// Notes for the user that do not stop the search (e.g. a prefix expansion cut at its cap).
    public var warnings: [String] = []
}

/// One ranked hit: identity, score, what to show (title, date, snippet with highlight ranges as
/// `[start, end)` offsets in Unicode scalars into `snippet`) and where it came from.
public struct SearchResult: Sendable {
    public var rank: Int
    public var id: String
    public var score: Double
    public var title: String
    public var date: PartialDate?
    public var snippet: String
    public var highlights: [[Int]]
    /// The stored field the snippet was cut from: "summary", "body" or "title".
    public var snippetField: String = "summary"
    /// Metadata (keyword) fields of the record, such as "collection".
    public var fields: [String: String] = [:]
    public var source: String
    public var line: Int?
    public var explanation: Explanation?

    /// `path` or `path:line`.
    public var location: String { line.map { "\(source):\($0)" } ?? source }
}
