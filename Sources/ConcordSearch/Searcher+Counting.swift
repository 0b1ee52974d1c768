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
        let segments = index.segments
        for segmentIndex in segments.indices {
            let segment = segments[segmentIndex]
            let arena = ScorerArena()
            defer { withExtendedLifetime(arena) {} }
            guard let root = try weight.scorer(segment: segment, segmentIndex: segmentIndex, arena: arena) else { continue }
            var doc = try root.advance(to: 0)
            while doc != Int32.max {
                if segment.isLive(doc) {
                    count += 1
                    if count >= limit { return limit }
                }
                if doc == Int32.max - 1 { break }
                doc = try root.advance(to: doc + 1)
            }
        }
        return count
    }
}
