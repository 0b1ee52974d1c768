import ConcordAnalysis
import ConcordIndex
import ConcordSearch
import ConcordStorage

/// Answers queries against one commit of an index: parses the query language with the index's own
/// analyzer, ranks with BM25F (or orders by date), counts facets, and builds a highlighted snippet
/// from the field that matched (summary first, then body, then title).
///
/// The view is fixed at the commit that was newest when the searcher opened; open a new searcher to
/// see later commits. Not thread-safe: use one searcher per thread. A searcher keeps up to
/// `storedChunkCacheBytes` (4 MiB) of decompressed stored-field chunks for its later queries.
public final class IndexSearcher {
    let index: OnDiskIndex
    let analyzer: Analyzer
    private let searcher: OnDiskSearcher
    private let snippets: SnippetBuilder<Analyzer>
    /// Whether snippets read the query terms' positions from the postings, skipping the fields that hold
    /// none and resolving no word of the others to a term (tests turn it off to compare with analyzing
    /// every field).
    var skipsSnippetFieldsByPostings = true
    /// Whether "did you mean" leaves out replacements too rare to reach its threshold when the query
    /// requires every word (tests turn it off to compare with considering every replacement).
    var boundsSuggestionsByRequiredWords = true
    /// Fields not analyzed for a snippet because their postings hold no query term, over the searcher's life.
    private(set) var snippetFieldsSkipped = 0
    /// The dictionary slices "did you mean" walks come back to (see `TermSliceCache`).
    let termSlices = TermSliceCache()

    init(directory: Directory) throws {
        let reader = try IndexReader(directory: directory, storedChunkCacheBytes: Self.storedChunkCacheBytes)
        let settings = try IndexSettings.decode(reader.commit.settings)
        analyzer = try Analyzer(configuration: settings.analyzer)
        index = OnDiskIndex(reader: reader)
        searcher = OnDiskSearcher(index: index)
        snippets = SnippetBuilder(tokenizer: analyzer)
    }

    /// Decompressed stored-field chunks a searcher keeps across its queries, in bytes, shared out over
    /// its segments (a hit found again by a later query, or on a later page, is not decompressed again;
    /// tantivy keeps 100 decompressed 16 KiB store blocks per segment reader likewise).
    static let storedChunkCacheBytes = 4 << 20

    /// Live documents in the searched commit.
    public var documentCount: Int { index.liveDocumentCount }

    /// Runs a whole request: query, date bounds, order, page, facets, snippets and suggestion.
    /// Throws `QueryError` (with a position into `request.query` when the query text is at fault) for
    /// bad syntax, an unknown field or an invalid date, and `SearchError` for invalid paging.
    public func search(_ request: SearchRequest) throws -> SearchResponse {
        let node = try self.node(request.query, from: request.from, to: request.to)
        let order: HitOrder
        switch request.sort {
        case .relevance: order = .relevance
        case .dateAscending: order = .dateAscending
        case .dateDescending: order = .dateDescending
        }
        let facetFields = request.facets.map { kind -> FacetField in
            switch kind {
            case .year: return .year
            case .decade: return .decade
            case .field(let name): return .keyword(name)
            }
        }
        // Hits come without their fields as strings: each hit's stored document is read below as one
        // compact value, and only the fields a result shows (and the snippet's) become strings.
        let options = SearchOptions(page: request.page, limit: request.limit, order: order, facets: facetFields,
                                    explain: request.explain, storedFields: false)
        let results = try searcher.search(node, options: options)
        var documents: [StoredDocument] = []
        documents.reserveCapacity(results.hits.count)
        for hit in results.hits { documents.append(try index.segments[hit.segment].storedDocument(hit.doc, id: hit.id)) }

        // Ranks of an absurd page overflow; such a page is empty anyway.
        let (skipped, overflow) = (max(request.page, 1) - 1).multipliedReportingOverflow(by: max(request.limit, 0))
        let firstRank = overflow || skipped == Int.max ? Int.max : skipped + 1
        let fieldTerms = request.snippets && skipsSnippetFieldsByPostings && !results.highlightQuery.clauses.isEmpty
            ? HitFieldTerms(hits: results.hits, query: results.highlightQuery, index: index) : nil
        let hits = results.hits.enumerated().map { offset, hit in
            let (snippet, field) = request.snippets
                ? snippet(documents[offset], offset: offset, query: results.highlightQuery, fieldTerms: fieldTerms)
                : (Snippet(text: "", highlights: [], matchedTerms: []), "summary")
            // One pass over the stored fields (a later value of a repeated name wins, as in a dictionary);
            // the summary and body (read by the snippet only) never become strings here.
            let document = documents[offset]
            var title = "", date: String?, source = "", line: String?
            var metadata: [String: String] = [:]
            for i in 0..<document.count {
                switch document.name(at: i) {
                case "title": title = document.value(at: i)
                case "date": date = document.value(at: i)
                case "source": source = document.value(at: i)
                case "line": line = document.value(at: i)
                // Reserved names every document has, told apart without hashing them.
                case "summary", "body", "id": break
                case let name: if !reservedStoredFields.contains(name) { metadata[name] = document.value(at: i) }
                }
            }
            var result = SearchResult(rank: firstRank &+ offset, id: hit.id, score: hit.score, title: title,
                                      date: date.flatMap { PartialDate(parsing: $0) },
                                      snippet: snippet.text, highlights: snippet.highlights.map { [$0.lowerBound, $0.upperBound] },
                                      source: source, line: line.flatMap { Int($0) },
                                      explanation: hit.explanation)
            result.snippetField = field
            result.fields = metadata
            return result
        }
        var response = SearchResponse(query: request.query, total: results.total, page: request.page, limit: request.limit,
                                      results: hits)
        response.facets = zip(request.facets, results.facets).map { kind, counts in
            FacetResult(kind: kind, counts: counts.counts.map { FacetResult.Count(value: $0.value, count: $0.count) })
        }
        response.warnings = results.warnings
        if request.suggestions, results.total <= Self.fewHits {
            response.suggestion = try suggestion(for: request, total: results.total, requiresEveryWord: node.requiresEveryWord)
        }
        return response
    }

    /// At most this many hits make a query worth a "did you mean".
    static let fewHits = 3

    /// A respelling of the query's rare words from the index's own terms (see `SpellingSuggester`) when
    /// the respelled query finds something (with no hits) or at least 5 times as many hits (with a few).
    /// Field names and operators are never respelled.
    ///
    /// With `requiresEveryWord` (the query's tree: see `QueryNode.requiresEveryWord`), the respelled
    /// query finds no more documents than a replacement occurs in, so the dictionary walks leave out
    /// replacements occurring in fewer documents than it must find (most terms occur in a few documents
    /// only). The suggestion stays the same: with a few hits the threshold (at least 5) is above the
    /// frequency of a word taken as misspelled (at most `fewHits`), so a query keeping such a word as
    /// typed could not reach it either; with none the threshold is 1, as before.
    private func suggestion(for request: SearchRequest, total: Int, requiresEveryWord: Bool) throws -> String? {
        // Counted only up to the threshold: whether it is reached is all that decides.
        let threshold = max(1, 5 * total)
        let bounded = requiresEveryWord && boundsSuggestionsByRequiredWords
        var suggester = SpellingSuggester(index: index, tokenizer: analyzer, rareDocumentFrequency: total == 0 ? 0 : Self.fewHits,
                                          minimumDocuments: bounded ? threshold : 1)
        suggester.termSlices = termSlices
        var scalars = Array(request.query.unicodeScalars)
        let corrections = try suggester.corrections(for: request.query).filter { correction in
            let after = correction.range.upperBound
            let isFieldName = after < scalars.count && scalars[after] == ":"
            return !isFieldName && !["AND", "OR", "NOT"].contains(correction.original)
        }
        guard !corrections.isEmpty else { return nil }
        for correction in corrections.reversed() {
            scalars.replaceSubrange(correction.range, with: Array(correction.replacement.unicodeScalars))
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        let respelled = String(view)
        guard let counted = try? node(respelled, from: request.from, to: request.to),
              let found = try? searcher.count(counted, upTo: threshold)
        else { return nil }
        return found >= threshold ? respelled : nil
    }

    /// The query tree of `text`, ANDed with the `--from`/`--to` date filter when there is one.
    private func node(_ text: String, from: String?, to: String?) throws -> QueryNode {
        try Query.checkLength(of: text)
        let node = try QueryNode(parsing: text, tokenizer: analyzer)
        guard from != nil || to != nil else { return node }
        let range = try DateRangeQuery(from: from, to: to)
        return .boolean(BooleanQuery(clauses: [
            BooleanClause(node.isFilter ? .filter : .must, node), BooleanClause(.filter, .dateRange(range)),
        ]))
    }

    /// The index terms a hit of `query` should highlight: its scored words and phrase words, with field
    /// scopes, prefixes (`Khrush*`) and fuzzy terms (`Kruschev~`) expanded over the index as the search
    /// expands them; excluded words are not included. Throws like `search` for a query it cannot read.
    public func highlightTerms(for query: String) throws -> Set<String> {
        let results = try searcher.search(node(query, from: nil, to: nil), options: SearchOptions(limit: 0))
        return Set(results.highlightQuery.clauses.filter { $0.occur != .mustNot }.flatMap(\.terms))
    }

    /// Runs `text` and returns page `page` (1-based) of `limit` results. Without `snippets`, results
    /// carry an empty snippet (for callers that need only the ranking, such as relevance evaluation).
    public func search(_ text: String, page: Int = 1, limit: Int = 10, explain: Bool = false,
                       snippets withSnippets: Bool = true) throws -> SearchResponse {
        try search(SearchRequest(query: text, page: page, limit: limit, explain: explain, snippets: withSnippets))
    }

    /// The snippet from the first of summary, body and title that holds a query match; without any
    /// match, the summary (the body when the summary is blank). With `fieldTerms`, a field the postings
    /// show without any query term is not analyzed (it cannot hold a match), and the matches of one that
    /// has some come from their positions.
    private func snippet(_ document: StoredDocument, offset: Int, query: Query, fieldTerms: HitFieldTerms?) -> (Snippet, String) {
        var analyzed: (summary: Snippet?, body: Snippet?) = (nil, nil)
        if !query.clauses.isEmpty {
            for (name, field) in Self.snippetFields {
                if let fieldTerms, !fieldTerms.mayMatch(field, hit: offset) {
                    // Counted only for a field with text (its text is never made a string).
                    if let length = document.lastValueByteCount(named: name), length > 0 { snippetFieldsSkipped += 1 }
                    continue
                }
                guard let text = document.lastValue(named: name), !text.isEmpty else { continue }
                let snippet = fieldSnippet(text, field: field, hit: offset, query: query, fieldTerms: fieldTerms)
                if !snippet.matchedTerms.isEmpty { return (snippet, name) }
                if field == .summary { analyzed.summary = snippet } else if field == .body { analyzed.body = snippet }
            }
        }
        let summary = document.lastValue(named: "summary") ?? ""
        if summary.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) {
            return (analyzed.summary ?? fieldSnippet(summary, field: .summary, hit: offset, query: query, fieldTerms: fieldTerms),
                    "summary")
        }
        return (analyzed.body ?? fieldSnippet(document.lastValue(named: "body") ?? "", field: .body, hit: offset, query: query, fieldTerms: fieldTerms),
                "body")
    }

    /// The fields a snippet may come from, in the order they are tried, with their stored names.
    static let snippetFields: [(name: String, field: SearchField)] = [("summary", .summary), ("body", .body), ("title", .title)]

    /// The snippet of one field's text, its matches from the postings' positions when they are known.
    private func fieldSnippet(_ text: String, field: SearchField, hit offset: Int, query: Query,
                              fieldTerms: HitFieldTerms?) -> Snippet {
        guard let positions = fieldTerms?.termPositions(field, hit: offset) else { return snippets.snippet(text: text, query: query) }
        return snippets.snippet(text: text, query: query, termPositions: positions, wordCount: fieldTerms?.wordCount(field, hit: offset))
    }
}
