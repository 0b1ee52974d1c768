extension Searcher {
    /// Matches one segment and feeds the collector.
    func matchSegment(
        _ segment: Index.Segment, segmentIndex: Int, prepared: [PreparedClause],
        normalizer: BM25FScorer.Normalizer, collector: inout TopKCollector, total: inout Int
    ) throws {
        var matcher = try SegmentMatcher(segment: segment, segmentIndex: segmentIndex, prepared: prepared)
        try matcher.run(
            segmentIndex: segmentIndex, scorer: scorer, normalizer: normalizer, collector: &collector, total: &total
        )
    }

    /// Recomputes one document's score clause by clause with fresh cursors, using the same arithmetic
    /// and order as matching, so `Explanation.score` equals the hit's score.
    func explanation(
        segment: Index.Segment, segmentIndex: Int, doc: Int32, prepared: [PreparedClause],
        normalizer: BM25FScorer.Normalizer, documentCount: Int
    ) throws -> Explanation {
        let averages = averageLengths(documentCount)
        let lengths = (segment.fieldLength(doc, field: 0), segment.fieldLength(doc, field: 1), segment.fieldLength(doc, field: 2))
        let lengthList = [lengths.0, lengths.1, lengths.2]
        var score = 0.0
        var clauses: [ClauseExplanation] = []
        for clause in prepared where clause.clause.isScored {
            var tf: (Int, Int, Int)
            if let phrases = clause.phrasePostings {
                guard let position = phrases[segmentIndex].index(of: doc) else { continue }
                tf = phrases[segmentIndex].frequencies(at: position)
            } else {
                guard clause.documentFrequency > 0,
                      var cursor = try segment.postings(for: clause.clause.terms[0]),
                      try cursor.advance(to: doc) == doc
                else { continue }
                tf = (cursor.frequency(inField: 0), cursor.frequency(inField: 1), cursor.frequency(inField: 2))
            }
            let pseudo = normalizer.pseudoFrequency(tf: tf, lengths: lengths)
            let contribution = Double(clause.clause.queryFrequency) * scorer.contribution(idf: clause.idf, pseudoFrequency: pseudo)
            score += contribution
            let tfList = [tf.0, tf.1, tf.2]
            let fields = SearchField.allCases.map { field in
                let f = field.rawValue
                return FieldExplanation(
                    field: field, termFrequency: tfList[f], length: lengthList[f], averageLength: averages[f],
                    weight: scorer.weights[f], b: scorer.b[f], norm: normalizer.norm(field: f, length: lengthList[f])
                )
            }
            clauses.append(ClauseExplanation(
                clause: clause.clause.description, occur: clause.occur, fields: fields, pseudoFrequency: pseudo,
                idf: clause.idf, documentCount: documentCount, documentFrequency: clause.documentFrequency,
                contribution: contribution
            ))
        }
        return Explanation(score: score, documentCount: documentCount, clauses: clauses)
    }
}
