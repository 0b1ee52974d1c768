import ConcordAnalysis
import ConcordIndex
import ConcordSearch
import ConcordStorage

/// Answers queries against one commit of an index: parses and analyzes the query with the index's own
/// analyzer, ranks with BM25F, and builds a highlighted snippet from each hit's summary.
///
/// The view is fixed at the commit that was newest when the searcher opened; open a new searcher to
/// see later commits. Not thread-safe: use one searcher per thread.
public final class IndexSearcher {
    let index: OnDiskIndex
    private let analyzer: Analyzer
    private let searcher: OnDiskSearcher
    private let snippets: SnippetBuilder<Analyzer>

    init(directory: Directory) throws {
        let reader = try IndexReader(directory: directory)
        let settings = try IndexSettings.decode(reader.commit.settings)
        analyzer = try Analyzer(configuration: settings.analyzer)
        index = OnDiskIndex(reader: reader)
        searcher = OnDiskSearcher(index: index)
        snippets = SnippetBuilder(tokenizer: analyzer)
    }

    /// Live documents in the searched commit.
    public var documentCount: Int { index.liveDocumentCount }

    /// Runs a whole request. (Sort, date bounds and facets: to be carried by the query tree.)
    public func search(_ request: SearchRequest) throws -> SearchResponse {
        try search(request.query, page: request.page, limit: request.limit, explain: request.explain,
                   snippets: request.snippets)
    }

    /// Runs `text` and returns page `page` (1-based) of `limit` results. Without `snippets`, results
    /// carry an empty snippet (for callers that need only the ranking, such as relevance evaluation).
    public func search(_ text: String, page: Int = 1, limit: Int = 10, explain: Bool = false,
                       snippets withSnippets: Bool = true) throws -> SearchResponse {
        try Query.checkLength(of: text)
        let query = Query(parsing: text, tokenizer: analyzer)
        let results = try searcher.search(query, page: page, limit: limit, explain: explain)
        // Ranks of an absurd page overflow; such a page is empty anyway.
        let (skipped, overflow) = (max(page, 1) - 1).multipliedReportingOverflow(by: max(limit, 0))
        let firstRank = overflow || skipped == Int.max ? Int.max : skipped + 1
        let hits = results.hits.enumerated().map { offset, hit in
            let snippet = withSnippets
                ? snippets.snippet(storedFields: hit.storedFields, query: query)
                : Snippet(text: "", highlights: [], matchedTerms: [])
            let fields = hit.storedFields
            return SearchResult(rank: firstRank &+ offset, id: hit.id, score: hit.score, title: fields["title"] ?? "",
                                date: fields["date"].flatMap { PartialDate(parsing: $0) },
                                snippet: snippet.text, highlights: snippet.highlights.map { [$0.lowerBound, $0.upperBound] },
                                source: fields["source"] ?? "", line: fields["line"].flatMap { Int($0) },
                                explanation: hit.explanation)
        }
        return SearchResponse(query: text, total: results.total, page: page, limit: limit, results: hits)
    }
}
