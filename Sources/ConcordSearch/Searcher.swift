/// Runs analyzed queries against a `SearchableIndex`: boolean matching, BM25F scoring (see
/// `BM25FScorer`), top-k selection, paging and optional explanations.
///
/// Guarantees: `total` counts every live document that satisfies all `must` clauses, no `mustNot`
/// clause and — when there is no `must` — at least one `should`. Hits are ordered by score descending,
/// then id ascending, then (segment, doc); page `p` holds ranks `(p−1)·limit+1 … p·limit`; a page past
/// the end has no hits but the correct total. Scores are the exact BM25F sums (no approximation).
public struct Searcher<Index: SearchableIndex> {
    public let index: Index
    public let scorer: BM25FScorer

    public init(index: Index, scorer: BM25FScorer = BM25FScorer()) {
        self.index = index
        self.scorer = scorer
    }

    /// One page of results. `page` is 1-based; `limit` 0 only counts.
    public func search(_ query: Query, page: Int = 1, limit: Int = 10, explain: Bool = false) throws -> SearchResults {
        guard page >= 1, limit >= 0 else { throw SearchError.invalidPaging(page: page, limit: limit) }
        try query.checkLimits()
        let documentCount = index.liveDocumentCount
        guard documentCount > 0, query.hasPositiveClauses else { return SearchResults(total: 0, hits: []) }

        let prepared = try prepare(query, documentCount: documentCount)
        let normalizer = BM25FScorer.Normalizer(scorer: scorer, averageLengths: averageLengths(documentCount))
        let (product, overflow) = page.multipliedReportingOverflow(by: limit)
        var collector = TopKCollector(capacity: overflow ? Int.max : product)
        var total = 0
        let segments = index.segments
        for segmentIndex in segments.indices {
            try matchSegment(
                segments[segmentIndex], segmentIndex: segmentIndex, prepared: prepared,
                normalizer: normalizer, collector: &collector, total: &total
            )
        }

        let ranked = collector.sorted()
        let (first, firstOverflow) = (page - 1).multipliedReportingOverflow(by: limit)
        guard !firstOverflow, first < ranked.count else { return SearchResults(total: total, hits: []) }
        var hits: [SearchHit] = []
        for entry in ranked[first..<min(ranked.count, first + limit)] {
            let segment = segments[entry.segment]
            let explanation = explain
                ? try self.explanation(
                    segment: segment, segmentIndex: entry.segment, doc: entry.doc,
                    prepared: prepared, normalizer: normalizer, documentCount: documentCount)
                : nil
            hits.append(SearchHit(
                segment: entry.segment, doc: entry.doc, id: entry.id, score: entry.score,
                storedFields: try segment.storedFields(entry.doc), explanation: explanation
            ))
        }
        return SearchResults(total: total, hits: hits)
    }

    func averageLengths(_ documentCount: Int) -> [Double] {
        (0..<SearchField.count).map { Double(index.totalFieldLength(field: $0)) / Double(documentCount) }
    }

    /// Resolves n_t and idf per clause; phrases get their exact matches from a full pass.
    func prepare(_ query: Query, documentCount: Int) throws -> [PreparedClause] {
        var prepared: [PreparedClause] = []
        for clause in query.clauses where !clause.terms.isEmpty {
            var documentFrequency = 0
            var phrasePostings: [PhrasePostings]?
            if clause.isPhrase {
                let perSegment = try index.segments.map { try PhrasePostings.collect(clause, in: $0) }
                documentFrequency = perSegment.reduce(0) { $0 + $1.count }
                phrasePostings = perSegment
            } else if clause.isScored {
                // Excluded terms need no statistics: they only filter.
                for segment in index.segments {
                    documentFrequency += try segment.liveDocumentFrequency(of: clause.terms[0])
                }
            }
            let idf = scorer.idf(documentCount: documentCount, documentFrequency: documentFrequency)
            prepared.append(PreparedClause(
                clause: clause, documentFrequency: documentFrequency, idf: idf, phrasePostings: phrasePostings
            ))
        }
        return prepared
    }
}
