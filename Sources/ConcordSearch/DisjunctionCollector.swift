/// Evaluates a ranked OR of terms (a `BooleanScorer` whose children are all `should` terms) over one
/// segment by windows of document numbers, term at a time, with block-max pruning and an exact total.
///
/// For each window of `windowSize` documents, every term walks its postings in the window once, block
/// by block: each posting marks its document as matched and adds the score bound of its block (from
/// the skip data's largest frequencies and shortest fields, see `TermScorer.blockBound`) to that
/// document's bound. Every live matched document is counted; one whose summed bound is below the
/// collector's threshold cannot enter the page and is only counted. The others are scored term by term
/// in clause order starting from 0, exactly the additions `BooleanScorer.score` makes, so their scores
/// are bit-identical to the document-at-a-time path and the page (ties by id included) is the same.
struct DisjunctionCollector<Segment: SearchableSegment> {
    static var windowSize: Int { 4096 }
    /// Windows stay this small until the collector is full, so that a threshold exists early.
    static var firstWindowSize: Int { 256 }

    let terms: [Unmanaged<TermScorer<Segment>>]
    let segment: Segment
    let segmentIndex: Int

    func collect(into collector: inout TopKCollector, total: inout Int, pruned: inout Int) throws {
        let size = Self.windowSize, n = terms.count
        let seen = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        let bounds = UnsafeMutablePointer<Double>.allocate(capacity: size)
        let scores = UnsafeMutablePointer<Double>.allocate(capacity: size)
        seen.initialize(repeating: 0, count: size)
        bounds.initialize(repeating: 0, count: size)
        scores.initialize(repeating: 0, count: size)
        defer {
            seen.deallocate()
            bounds.deallocate()
            scores.deallocate()
        }
        var states = [WindowState](repeating: WindowState(), count: n)
        var docs = [[Int32]](repeating: [], count: n)
        var frequencies = [[(Int, Int, Int)]](repeating: [], count: n)
        var candidates: [Int32] = []
        let maxDoc = segment.maxDoc
        let scoresPages = collector.capacity > 0
        var base: Int32 = 0
        while base < maxDoc {
            let width = collector.threshold == nil && scoresPages ? Self.firstWindowSize : size
            let end = Int32(min(Int64(base) + Int64(width), Int64(maxDoc)))
            var gathered = 0
            for i in 0..<n {
                docs[i].removeAll(keepingCapacity: true)
                frequencies[i].removeAll(keepingCapacity: true)
                try terms[i]._withUnsafeGuaranteedRef {
                    try $0.gatherWindow(base: base, end: end, state: &states[i], seen: seen, bounds: bounds,
                                        docs: &docs[i], frequencies: &frequencies[i])
                }
                gathered += docs[i].count
            }
            if gathered > 0 {
                let threshold = collector.threshold ?? -Double.infinity
                candidates.removeAll(keepingCapacity: true)
                for slot in 0..<Int(end &- base) where seen[slot] != 0 {
                    seen[slot] = 0
                    let doc = base &+ Int32(slot)
                    let bound = bounds[slot]
                    bounds[slot] = 0
                    guard segment.isLive(doc) else {
                        scores[slot] = -Double.infinity
                        continue
                    }
                    total += 1
                    if scoresPages && bound >= threshold {
                        candidates.append(doc)
                    } else {
                        pruned += 1
                        // Marks the document as not to be scored.
                        scores[slot] = -Double.infinity
                    }
                }
                if !candidates.isEmpty {
                    for i in 0..<n {
                        let scoring = terms[i]._withUnsafeGuaranteedRef { $0.scoring }
                        let segment = self.segment
                        docs[i].withUnsafeBufferPointer { docs in
                            frequencies[i].withUnsafeBufferPointer { frequencies in
                                for j in 0..<docs.count {
                                    let slot = Int(docs[j] &- base)
                                    if scores[slot] == -Double.infinity { continue }
                                    scores[slot] += scoring.score(tf: frequencies[j], doc: docs[j], segment: segment)
                                }
                            }
                        }
                    }
                    for doc in candidates {
                        let slot = Int(doc &- base)
                        try collector.offer(score: scores[slot], segment: segmentIndex, doc: doc) { try segment.documentID(doc) }
                    }
                }
                // Every gathered slot back to 0 (deleted and pruned documents included).
                for i in 0..<n { for doc in docs[i] { scores[Int(doc &- base)] = 0 } }
            }
            // The next window starts at the first posting any term has left.
            var next = Int32.max
            for i in 0..<n where !states[i].finished && states[i].index < states[i].count {
                next = min(next, terms[i]._withUnsafeGuaranteedRef { $0.cursor.blockDocument(states[i].index) })
            }
            if next == Int32.max && states.contains(where: { !$0.finished && $0.index >= $0.count }) { next = end }
            base = max(next, end)
        }
    }
}
