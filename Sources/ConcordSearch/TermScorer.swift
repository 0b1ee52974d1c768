/// One term's postings in one segment, scored with BM25F (all fields, or one field when scoped: then
/// documents that have the term only in other fields are skipped).
final class TermScorer<Segment: SearchableSegment> {
    var doc: Int32 = -1
    let cost: Int
    let segment: Segment
    private(set) var cursor: Segment.Cursor
    let scoring: LeafScoring

    init(segment: Segment, cursor: Segment.Cursor, scoring: LeafScoring, cost: Int) {
        self.segment = segment
        self.cursor = cursor
        self.scoring = scoring
        self.cost = cost
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
    /// threshold is only counted. Scores use the arithmetic of `score()`, so they agree exactly.
    func collectAll(segmentIndex: Int, collector: inout TopKCollector, total: inout Int, pruned: inout Int) throws {
        let field = scoring.field
        let segment = self.segment
        while true {
            let count = try cursor.nextBlock()
            if count == 0 { break }
            if let threshold = collector.threshold, let bounds = cursor.blockBounds(), let maxFrequency = bounds.maxFrequency {
                let pseudo = scoring.normalizer.pseudoFrequency(tf: scoring.masked(maxFrequency), lengths: bounds.minLength)
                // Bounds use the same floating-point operations as scores, which are monotonic but may
                // round differently; the margin keeps a bound safely above every score it bounds.
                if scoring.boost * scoring.scorer.contribution(idf: scoring.idf, pseudoFrequency: pseudo) * (1 + 1e-9) < threshold {
                    for i in 0..<count where segment.isLive(cursor.blockDocument(i)) {
                        if field < 0 || scoring.masked(cursor.blockFrequencies(i)) != (0, 0, 0) {
                            total += 1
                            pruned += 1
                        }
                    }
                    continue
                }
            }
            for i in 0..<count {
                let doc = cursor.blockDocument(i)
                guard segment.isLive(doc) else { continue }
                let tf = scoring.masked(cursor.blockFrequencies(i))
                if field >= 0 && tf == (0, 0, 0) { continue }
                total += 1
                let score = scoring.score(tf: tf, doc: doc, segment: segment)
                try collector.offer(score: score, segment: segmentIndex, doc: doc) { try segment.documentID(doc) }
            }
        }
        doc = Int32.max
    }
}

extension TermScorer {
    /// Walks this term's postings below `end` (block by block; `state` remembers the position between
    /// windows) for `DisjunctionCollector`: each live-or-not posting that counts for the term is
    /// marked in `seen`, its block's score bound added to `bounds`, and its document and frequencies
    /// kept in `docs`/`frequencies` so that it can be scored later without the cursor.
    @inline(__always)
    func gatherWindow(base: Int32, end: Int32, state: inout WindowState,
                      seen: UnsafeMutablePointer<UInt8>, bounds: UnsafeMutablePointer<Double>,
                      docs: inout [Int32], frequencies: inout [(Int, Int, Int)]) throws {
        let field = scoring.field
        while true {
            if state.index >= state.count {
                if state.finished { return }
                state.count = try cursor.nextBlock()
                state.index = 0
                if state.count == 0 {
                    state.finished = true
                    doc = Int32.max
                    return
                }
                state.bound = blockBound()
            }
            let d = cursor.blockDocument(state.index)
            if d >= end { return }
            state.index += 1
            let tf = scoring.masked(cursor.blockFrequencies(state.index - 1))
            if field >= 0 && tf == (0, 0, 0) { continue }
            let slot = Int(d &- base)
            seen[slot] = 1
            bounds[slot] += state.bound
            docs.append(d)
            frequencies.append(tf)
        }
    }

    /// An upper bound of this term's score for any document of the current block: from the skip
    /// data's largest frequencies and shortest fields when known, else the saturation limit
    /// `boost · idf · (k1 + 1)`; raised by a relative margin of 1e-9 so that rounding never puts a
    /// score above it.
    func blockBound() -> Double {
        let limit = scoring.boost * scoring.idf * (scoring.scorer.k1 + 1)
        if let bounds = cursor.blockBounds(), let maxFrequency = bounds.maxFrequency {
            let pseudo = scoring.normalizer.pseudoFrequency(tf: scoring.masked(maxFrequency), lengths: bounds.minLength)
            return min(limit, scoring.boost * scoring.scorer.contribution(idf: scoring.idf, pseudoFrequency: pseudo)) * (1 + 1e-9)
        }
        return limit * (1 + 1e-9)
    }
}

/// Where `TermScorer.gatherWindow` stopped in the term's postings.
struct WindowState {
    var count = 0
    var index = 0
    var bound = 0.0
    var finished = false
}
