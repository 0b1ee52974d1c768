/// Several terms (a prefix or fuzzy expansion) scored as ONE BM25F term: a document matches when it
/// has any of them (in the scoped field, when scoped) and tf_f is the sum of their frequencies.
final class TermSetScorer<Segment: SearchableSegment> {
    var doc: Int32 = -1
    let cost: Int
    let segment: Segment
    private var cursors: [Segment.Cursor]
    let scoring: LeafScoring

    init(segment: Segment, cursors: [Segment.Cursor], scoring: LeafScoring, cost: Int) {
        self.segment = segment
        self.cursors = cursors
        self.scoring = scoring
        self.cost = cost
    }

    func advance(to target: Int32) throws -> Int32 {
        if doc >= target { return doc }
        var next = target
        while true {
            var best = Int32.max
            for k in cursors.indices {
                let d = try cursors[k].advance(to: next)
                if d < best { best = d }
            }
            if best == Int32.max || scoring.field < 0 || frequencies(at: best) != (0, 0, 0) {
                doc = best
                return best
            }
            next = best &+ 1
        }
    }

    /// Summed, masked frequencies of the cursors positioned on `doc`.
    private func frequencies(at doc: Int32) -> (Int, Int, Int) {
        var tf = (0, 0, 0)
        for cursor in cursors where cursor.doc == doc {
            tf.0 += cursor.frequency(inField: 0)
            tf.1 += cursor.frequency(inField: 1)
            tf.2 += cursor.frequency(inField: 2)
        }
        return scoring.masked(tf)
    }

    func score() -> Double {
        scoring.score(tf: frequencies(at: doc), doc: doc, segment: segment)
    }

    func explanation(occur: Occur) -> ClauseExplanation {
        scoring.explanation(tf: frequencies(at: doc), doc: doc, segment: segment, occur: occur)
    }
}
