/// A phrase or proximity in one segment, over its precomputed matches (live documents with per-field
/// occurrence counts, already restricted to the scoped field), scored as one BM25F term.
final class PostingListScorer<Segment: SearchableSegment> {
    var doc: Int32 = -1
    let cost: Int
    let segment: Segment
    private var cursor: PhraseCursor
    let scoring: LeafScoring

    init(segment: Segment, postings: PhrasePostings, scoring: LeafScoring) {
        self.segment = segment
        self.cursor = PhraseCursor(postings: postings)
        self.scoring = scoring
        self.cost = postings.count
    }

    func advance(to target: Int32) -> Int32 {
        if doc >= target { return doc }
        doc = cursor.advance(to: target)
        return doc
    }

    func score() -> Double {
        scoring.score(tf: cursor.frequencies, doc: doc, segment: segment)
    }

    func explanation(occur: Occur) -> ClauseExplanation {
        scoring.explanation(tf: cursor.frequencies, doc: doc, segment: segment, occur: occur)
    }
}
