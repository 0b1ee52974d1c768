/// One term's postings in one segment, scored with BM25F (all fields, or one field when scoped: then
/// documents that have the term only in other fields are skipped).
final class TermScorer<Segment: SearchableSegment> {
    var doc: Int32 = -1
    let cost: Int
    let segment: Segment
    private(set) var cursor: Segment.Cursor
    let scoring: LeafScoring
    /// The scoring arithmetic with this segment's block-bound scale.
    let kernel: LeafKernel
    /// Blocks `collectAll` counted from their skip entries without decoding them.
    private(set) var undecodedBlocks = 0
    /// Documents `collectAll` counted without reading their lengths (`PseudoFrequencyCutoff`).
    private(set) var cutoffDocuments = 0

    init(segment: Segment, cursor: Segment.Cursor, scoring: LeafScoring, cost: Int) {
        self.segment = segment
        self.cursor = cursor
        self.scoring = scoring
        self.cost = cost
        kernel = scoring.kernel(for: segment)
    }

    func advance(to target: Int32) throws -> Int32 {
        if doc >= target { return doc }
        var d = try cursor.advance(to: target)
        if scoring.field >= 0 {
            while d != Int32.max && cursor.frequency(inField: scoring.field) == 0 { d = try cursor.next() }
        }
        doc = d
        return d
    }

    @inline(__always)
    func score() -> Double {
        let tf = scoring.masked((cursor.frequency(inField: 0), cursor.frequency(inField: 1), cursor.frequency(inField: 2)))
        return scoring.score(tf: tf, doc: doc, segment: segment)
    }

    func explanation(occur: Occur) -> ClauseExplanation {
        let tf = scoring.masked((cursor.frequency(inField: 0), cursor.frequency(inField: 1), cursor.frequency(inField: 2)))
        return scoring.explanation(tf: tf, doc: doc, segment: segment, occur: occur)
    }

    /// The whole segment for a query that is this term alone, by blocks: a block whose score bound
    /// (its largest frequencies and shortest fields, from the skip data) cannot reach the collector's
    /// threshold is only counted, from its document ids (and, when scoped, its packed frequencies); so
    /// is every block when no page is collected (`limit` 0).
    /// Scores use the arithmetic of `score()`, so they agree exactly.
    func collectAll(segmentIndex: Int, collector: inout TopKCollector, total: inout Int, pruned: inout Int) throws {
        let kernel = self.kernel
        let field = kernel.field
        let segment = self.segment
        // A local copy of the cursor: this scorer is not used after collecting.
        var cursor = self.cursor
        // Every posting of an unscoped term in a segment without deletions is a match, so a block
        // that cannot reach the page is counted from its skip entry, never decoded.
        let countsFromSkipData = field < 0 && !segment.mayHaveDeletions
        // Without a page (a count only, as the "did you mean" check asks) no document is scored: every
        // block is counted as one that cannot enter.
        let scoresPages = collector.capacity > 0
        while true {
            if countsFromSkipData, let threshold = scoresPages ? collector.threshold : Double.infinity,
               let next = cursor.nextBlockSummary(), !scoresPages || kernel.bound(next.bounds) < threshold {
                try cursor.skipNextBlock()
                total += next.count
                pruned += next.count
                undecodedBlocks += 1
                continue
            }
            let count = try cursor.nextBlock()
            if count == 0 { break }
            if let threshold = scoresPages ? collector.threshold : Double.infinity,
               !scoresPages || kernel.bound(cursor.blockBounds()) < threshold {
                let view = cursor.blockFrequencyView()
                for i in 0..<count where segment.isLive(cursor.blockDocument(i)) {
                    if field < 0 || kernel.masked(view.frequencies(at: i)) != (0, 0, 0) {
                        total += 1
                        pruned += 1
                    }
                }
                continue
            }
            // Documents whose frequencies cannot reach the threshold with the block's shortest fields are
            // counted without reading their lengths (the cutoff is the block's first threshold: a lower one).
            let cutoff = collector.threshold.map { kernel.cutoff(cursor.blockBounds(), threshold: $0) } ?? PseudoFrequencyCutoff()
            if countsFromSkipData && cutoff.pseudoFrequency > 0 {
                // Every document is a live match: the cutoff is tested for the whole block first, without
                // a branch per document, and only the documents it lets through are scored.
                let passing = try withUnsafeTemporaryAllocation(of: Int32.self, capacity: count) { through in
                    var passing = 0
                    for i in 0..<count {
                        through[passing] = Int32(truncatingIfNeeded: i)
                        passing &+= cutoff.excludesWithoutBranches(cursor.blockFrequencies(i)) ? 0 : 1
                    }
                    for k in 0..<passing {
                        let i = Int(through[k])
                        let score = kernel.score(tf: cursor.blockFrequencies(i), doc: cursor.blockDocument(i), segment: segment)
                        try collector.offer(score: score, segment: segmentIndex, doc: cursor.blockDocument(i))
                    }
                    return passing
                }
                total += count
                pruned += count - passing
                cutoffDocuments += count - passing
                continue
            }
            for i in 0..<count {
                let doc = cursor.blockDocument(i)
                guard segment.isLive(doc) else { continue }
                let tf = kernel.masked(cursor.blockFrequencies(i))
                if field >= 0 && tf == (0, 0, 0) { continue }
                total += 1
                if cutoff.excludes(tf) {
                    pruned += 1
                    cutoffDocuments += 1
                    continue
                }
                let score = kernel.score(tf: tf, doc: doc, segment: segment)
                try collector.offer(score: score, segment: segmentIndex, doc: doc)
            }
        }
        doc = Int32.max
    }
}
