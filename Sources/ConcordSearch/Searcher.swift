/// Runs queries against a `SearchableIndex`: binds the query tree to the index's statistics
/// (`QueryWeight`), walks a `Scorer` per segment, and collects the top hits in the requested order,
/// the exact total and facet counts; BM25F scoring as in `BM25FScorer`.
///
/// Guarantees: `total` counts every live document the query matches (see `BooleanQuery`); hits follow
/// `SearchOptions.order`, ties by score then id then (segment, doc); page `p` holds ranks
/// `(p−1)·limit+1 … p·limit`; a page past the end has no hits but the correct total. Scores are exact
/// BM25F sums (no approximation); pruning only skips documents that cannot enter the page.
public struct Searcher<Index: SearchableIndex> {
    public let index: Index
    public let scorer: BM25FScorer
    /// Whether ranked queries of terms may skip scoring documents that cannot enter the page
    /// (`TermScorer.collectAll`, `PostingListScorer.collectAll` for a phrase alone, `DisjunctionCollector`,
    /// `ConjunctionCollector`; tests turn it off to
    /// compare with exhaustive evaluation).
    var prunes = true

    /// The length normalization of every query (the index never changes under a searcher): built once,
    /// not per query. Nil for an index without live documents.
    let normalizer: BM25FScorer.Normalizer?

    public init(index: Index, scorer: BM25FScorer = BM25FScorer()) {
        self.index = index
        self.scorer = scorer
        let documentCount = index.liveDocumentCount
        normalizer = documentCount > 0
            ? BM25FScorer.Normalizer(scorer: scorer, averageLengths: Self.averageLengths(of: index, documentCount: documentCount))
            : nil
    }

    /// One page of results for a flat query (the syntax before query trees).
    public func search(_ query: Query, page: Int = 1, limit: Int = 10, explain: Bool = false) throws -> SearchResults {
        try search(QueryNode(flat: query), options: SearchOptions(page: page, limit: limit, explain: explain))
    }

    /// One page of results for a query tree. Throws `QueryError` for a keyword field the index does not have.
    public func search(_ query: QueryNode, options: SearchOptions) throws -> SearchResults {
        let page = options.page, limit = options.limit
        guard page >= 1, limit >= 0 else { throw SearchError.invalidPaging(page: page, limit: limit) }
        try query.checkLimits()
        let documentCount = index.liveDocumentCount
        guard documentCount > 0, let normalizer else {
            return SearchResults(total: 0, hits: [], facets: FacetCounter(fields: options.facets).results())
        }

        for case .keyword(let name) in options.facets {
            var known = false
            for segment in index.segments where try segment.hasKeywordField(name) {
                known = true
                break
            }
            guard known else { throw QueryError("unknown facet “\(name)”: use year, decade or a metadata field of this index", at: nil) }
        }
        var binder = QueryBinder(index: index, scorer: scorer, normalizer: normalizer, documentCount: documentCount)
        let weight = try binder.bind(query)
        let (product, overflow) = page.multipliedReportingOverflow(by: limit)
        let capacity = overflow ? Int.max : product
        var facets = FacetCounter(fields: options.facets)
        var total = 0
        let segments = index.segments
        var ranked: [(segment: Int, doc: Int32, id: String, score: Double)] = []
        var pruned = 0
        var undecodedBlocks = 0
        var probedTerms = 0
        var wholeWindows = 0
        var cutoffDocuments = 0

        switch options.order {
        case .relevance:
            var collector = TopKCollector(capacity: capacity) { try segments[$0].documentID($1) }
            // Made at the first segment that needs them, then shared by the segments after it.
            var disjunctionWindows: DisjunctionWindows?
            for segmentIndex in segments.indices {
                let segment = segments[segmentIndex]
                let arena = ScorerArena()
                defer { withExtendedLifetime(arena) {} }
                guard let root = try weight.scorer(segment: segment, segmentIndex: segmentIndex, arena: arena) else { continue }
                if prunes, facets.isEmpty, case .term(let term) = root {
                    let scorer = term.takeUnretainedValue()
                    try scorer.collectAll(segmentIndex: segmentIndex, collector: &collector, total: &total, pruned: &pruned)
                    undecodedBlocks += scorer.undecodedBlocks
                    cutoffDocuments += scorer.cutoffDocuments
                    continue
                }
                if prunes, facets.isEmpty, case .postingList(let list) = root {
                    // A phrase (or proximity) alone: matches that cannot enter the page are not scored.
                    let scorer = list.takeUnretainedValue()
                    try scorer.collectAll(segmentIndex: segmentIndex, collector: &collector, total: &total, pruned: &pruned)
                    cutoffDocuments += scorer.cutoffDocuments
                    continue
                }
                if prunes, facets.isEmpty, case .boolean(let boolean) = root {
                    if let terms = boolean._withUnsafeGuaranteedRef({ $0.disjunctionTerms }) {
                        let windows = disjunctionWindows ?? DisjunctionWindows(size: DisjunctionCollector<Index.Segment>.windowSize)
                        disjunctionWindows = windows
                        try DisjunctionCollector(terms: terms, segment: segment, segmentIndex: segmentIndex, windows: windows)
                            .collect(into: &collector, total: &total, pruned: &pruned, probedTerms: &probedTerms,
                                     wholeWindows: &wholeWindows)
                        assert(windows.isZeroed, "a disjunction left its window buffers dirty")
                        continue
                    }
                    if let plan = boolean._withUnsafeGuaranteedRef({ $0.conjunctionPlan }) {
                        try ConjunctionCollector(terms: plan.terms, filters: plan.filters, exclusions: plan.exclusions,
                                                 segment: segment, segmentIndex: segmentIndex)
                            .collect(into: &collector, total: &total, pruned: &pruned)
                        continue
                    }
                }
                var doc = try root.advance(to: 0)
                while doc != Int32.max {
                    if segment.isLive(doc) {
                        total += 1
                        if capacity > 0 {
                            let score = try root.score()
                            try collector.offer(score: score, segment: segmentIndex, doc: doc)
                        }
                        if !facets.isEmpty { try facets.add(doc: doc, segment: segment, interval: nil) }
                    }
                    if doc == Int32.max - 1 { break }
                    doc = try root.advance(to: doc + 1)
                }
            }
            ranked = try collector.sorted().map { ($0.segment, $0.doc, $0.id, $0.score) }
        case .dateAscending, .dateDescending:
            let descending = options.order == .dateDescending
            var collector = SortedTopKCollector(capacity: capacity)
            for segmentIndex in segments.indices {
                let segment = segments[segmentIndex]
                try forEachLiveMatch(of: weight, segmentIndex: segmentIndex) { doc, root in
                    total += 1
                    let interval = try segment.dateInterval(doc)
                    if capacity > 0 {
                        var key = (Int64.max, Int64.max)
                        if let interval {
                            key = descending ? (-Int64(interval.first), -Int64(interval.last))
                                : (Int64(interval.first), Int64(interval.last))
                        }
                        let score = try root.score()
                        try collector.offer(key: key, score: score, segment: segmentIndex, doc: doc) { try segment.documentID(doc) }
                    }
                    if !facets.isEmpty { try facets.add(doc: doc, segment: segment, interval: .some(interval)) }
                    return true
                }
            }
            ranked = collector.sorted().map { ($0.segment, $0.doc, $0.id, $0.score) }
        }

        let highlightQuery = Query(clauses: binder.highlights)
        let (first, firstOverflow) = (page - 1).multipliedReportingOverflow(by: limit)
        var hits: [SearchHit] = []
        for entry in !firstOverflow && first < ranked.count ? ranked[first..<min(ranked.count, first + limit)] : [] {
            let segment = segments[entry.segment]
            let explanation = options.explain
                ? try self.explanation(weight: weight, segment: segment, segmentIndex: entry.segment, doc: entry.doc,
                                       documentCount: documentCount)
                : nil
            hits.append(SearchHit(
                segment: entry.segment, doc: entry.doc, id: entry.id, score: entry.score,
                fields: options.storedFields ? try segment.storedFieldList(entry.doc, id: entry.id) : [], explanation: explanation
            ))
        }
        var results = SearchResults(total: total, hits: hits, facets: facets.results(), warnings: binder.warnings,
                                    highlightQuery: highlightQuery)
        results.prunedDocuments = pruned
        results.undecodedBlocks = undecodedBlocks
        results.probedTerms = probedTerms
        results.wholeWindows = wholeWindows
        results.cutoffDocuments = cutoffDocuments
        return results
    }

    func averageLengths(_ documentCount: Int) -> [Double] {
        Self.averageLengths(of: index, documentCount: documentCount)
    }

    static func averageLengths(of index: Index, documentCount: Int) -> [Double] {
        (0..<SearchField.count).map { Double(index.totalFieldLength(field: $0)) / Double(documentCount) }
    }

    /// Recomputes one document's score with a fresh scorer tree (same arithmetic and order as the
    /// search, so `Explanation.score` equals the hit's score) and lists each matching scored leaf.
    func explanation(
        weight: QueryWeight, segment: Index.Segment, segmentIndex: Int, doc: Int32, documentCount: Int
    ) throws -> Explanation {
        let arena = ScorerArena()
        return try withExtendedLifetime(arena) {
            guard let root = try weight.scorer(segment: segment, segmentIndex: segmentIndex, arena: arena),
                  try root.advance(to: doc) == doc
            else { return Explanation(score: 0, documentCount: documentCount, clauses: []) }
            let score = try root.score()
            var clauses: [ClauseExplanation] = []
            try root.explain(occur: .should, into: &clauses)
            return Explanation(score: score, documentCount: documentCount, clauses: clauses)
        }
    }
}

extension QueryNode {
    /// The tree of a flat query: one boolean of its term and phrase clauses, in order.
    public init(flat query: Query) {
        self = .boolean(BooleanQuery(clauses: query.clauses.compactMap { clause in
            guard let first = clause.terms.first else { return nil }
            let node: QueryNode = clause.isPhrase
                ? .phrase(PhraseQuery(terms: clause.terms, offsets: clause.offsets, boost: clause.queryFrequency))
                : .term(TermQuery(term: first, boost: clause.queryFrequency, isStopWord: clause.isStopWord))
            return BooleanClause(clause.occur, node)
        }))
    }
}
