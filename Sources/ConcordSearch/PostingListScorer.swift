/// A phrase or proximity in one segment, over its precomputed matches (live documents with per-field
/// occurrence counts, already restricted to the scoped field), scored as one BM25F term.
final class PostingListScorer<Segment: SearchableSegment>: Scorer {
    let segment: Segment
    private var cursor: PhraseCursor
    let scoring: LeafScoring

    init(segment: Segment, postings: PhrasePostings, scoring: LeafScoring) {
        self.segment = segment
        self.cursor = PhraseCursor(postings: postings)
        self.scoring = scoring
        super.init(cost: postings.count)
    }

    override func advance(to target: Int32) throws -> Int32 {
        if doc >= target { return doc }
        doc = cursor.advance(to: target)
        return doc
    }

    override func score() throws -> Double {
        scoring.score(tf: cursor.frequencies, doc: doc, segment: segment)
    }

    override func explain(occur: Occur, into clauses: inout [ClauseExplanation]) throws {
        clauses.append(scoring.explanation(tf: cursor.frequencies, doc: doc, segment: segment, occur: occur))
    }
}
