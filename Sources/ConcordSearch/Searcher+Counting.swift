extension Searcher {
    /// The number of live documents `query` matches, counted only up to `limit`: `min(total, limit)` for the
    /// `total` that `search` reports. For decisions on a threshold ("does the respelled query find at least
    /// five times as many?"): a query with many matches stops at the limit instead of being scanned to the
    /// end (a respelled phrase with a common word reads long position lists). Throws as `search` does.
    public func count(_ query: QueryNode, upTo limit: Int) throws -> Int {
        guard limit > 0 else { return 0 }
        try query.checkLimits()
        let documentCount = index.liveDocumentCount
        guard documentCount > 0, let normalizer else { return 0 }
        if case .phrase(let phrase) = query, phrase.field == nil, phrase.terms.count >= 2 {
            // A phrase alone: its matches are scanned only until there are enough (binding it for a
            // search would collect every match, for the phrase's document frequency).
            let clause = QueryClause(occur: .should, terms: phrase.terms, offsets: phrase.offsets)
            var count = 0
            for segment in index.segments {
                count += try PhrasePostings.collect(clause, in: segment, documentLimit: limit - count).count
                if count >= limit { return limit }
            }
            return count
        }
        var binder = QueryBinder(index: index, scorer: scorer, normalizer: normalizer, documentCount: documentCount)
        let weight = try binder.bind(query)
        var count = 0
        for segmentIndex in index.segments.indices {
            try forEachLiveMatch(of: weight, segmentIndex: segmentIndex) { _, _ in
                count += 1
                return count < limit
            }
            if count >= limit { return limit }
        }
        return count
    }

    /// Hands each live document `weight` matches in segment `segmentIndex` (ascending) to `body`, with the
    /// segment's scorer positioned on it, until `body` answers false.
    func forEachLiveMatch(of weight: QueryWeight, segmentIndex: Int,
                          _ body: (Int32, SegmentScorer<Index.Segment>) throws -> Bool) throws {
        let segment = index.segments[segmentIndex]
        let arena = ScorerArena()
        defer { withExtendedLifetime(arena) {} }
        guard let root = try weight.scorer(segment: segment, segmentIndex: segmentIndex, arena: arena) else { return }
        var doc = try root.advance(to: 0)
        while doc != Int32.max {
            if segment.isLive(doc), try !body(doc, root) { return }
            if doc == Int32.max - 1 { break }
            doc = try root.advance(to: doc + 1)
        }
    }
}
