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

    /// Counts every match into `total` and offers the collector each one that can enter it: a document
    /// whose occurrence counts score below the collector's threshold even with every field empty (the
    /// largest weight a length gives: `LeafKernel.cutoff` at length 0) is counted without reading its
    /// field lengths or scoring it (`cutoffDocuments`, also added to `pruned`). The same hits and total as
    /// scoring every match, since the collector turns away a score below its threshold.
    func collectAll(segmentIndex: Int, collector: inout TopKCollector, total: inout Int, pruned: inout Int) throws {
        let kernel = scoring.kernel, postings = cursor.postings
        let emptyFields = PostingsBlockBounds(maxFrequency: nil, minLength: (0, 0, 0))
        var cutoff = PseudoFrequencyCutoff()
        var cutoffThreshold = -Double.infinity
        for index in 0..<postings.count {
            let doc = postings.docs[index]
            guard segment.isLive(doc) else { continue }
            total += 1
            let tf = postings.frequencies(at: index)
            if collector.capacity > 0, let threshold = collector.threshold {
                if threshold != cutoffThreshold {
                    cutoff = kernel.cutoff(emptyFields, threshold: threshold)
                    cutoffThreshold = threshold
                }
                if cutoff.excludes(tf) {
                    pruned += 1
                    cutoffDocuments += 1
                    continue
                }
            }
            guard collector.capacity > 0 else { continue }
            try collector.offer(score: kernel.score(tf: tf, doc: doc, segment: segment), segment: segmentIndex, doc: doc)
        }
        doc = Int32.max
    }

    /// Matches `collectAll` counted without scoring them (for tests: the cutoff happens).
    private(set) var cutoffDocuments = 0

    func explanation(occur: Occur) -> ClauseExplanation {
        scoring.explanation(tf: cursor.frequencies, doc: doc, segment: segment, occur: occur)
    }
}
