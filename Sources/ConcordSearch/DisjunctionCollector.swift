import ConcordIndex

/// Evaluates a ranked OR of terms (a `BooleanScorer` whose children are all `should` terms) over one
/// segment by windows of document numbers, term at a time, with block-max pruning and an exact total.
///
/// For each window of `windowSize` documents, every term walks its postings in the window once, block
/// by block, reading document ids only: each posting marks its document as matched and adds the score
/// bound of its block (from the skip data's largest frequencies and shortest fields, see
/// `LeafKernel.bound`) to that document's bound, and is kept with a reference to its block's packed
/// frequencies (`BlockFrequencyView`), which are read only if the document is scored. Every live
/// matched document is counted; one whose summed bound is below the collector's threshold cannot enter
/// the page and is only counted. The others are scored term by term in clause order starting from 0,
/// exactly the additions `BooleanScorer.score` makes, so their scores are bit-identical to the
/// document-at-a-time path and the page (ties by id included) is the same.
struct DisjunctionCollector<Segment: SearchableSegment> {
    static var windowSize: Int { 4096 }
    /// Windows stay this small until the collector is full, so that a threshold exists early.
    static var firstWindowSize: Int { 256 }

    /// One term: its own copy of the cursor (the term scorer's is left unused), where it stopped
    /// between windows, and what it gathered in the current window.
    struct Leaf {
        var cursor: Segment.Cursor
        let kernel: LeafKernel
        /// Size of the loaded block, the next posting to read in it, and its score bound.
        var count = 0
        var index = 0
        var bound = 0.0
        var finished = false
        /// The window's postings: document, and (view ordinal << 8 | index in block).
        var docs: [Int32] = []
        var references: [UInt32] = []
        /// Frequency views of the blocks the window's postings come from; `viewBlock` is the
        /// ordinal of the loaded block's view, -1 before it is appended.
        var views: [BlockFrequencyView] = []
        var viewOfLoadedBlock = -1
    }

    let terms: [Unmanaged<TermScorer<Segment>>]
    let segment: Segment
    let segmentIndex: Int

    func collect(into collector: inout TopKCollector, total: inout Int, pruned: inout Int) throws {
        let size = Self.windowSize, n = terms.count
        // Per slot of the window: matched or not (one bit each), then the summed bound, which the score
        // replaces.
        let words = size / 64
        let seen = UnsafeMutablePointer<UInt64>.allocate(capacity: words)
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: size)
        seen.initialize(repeating: 0, count: words)
        sums.initialize(repeating: 0, count: size)
        let leaves = UnsafeMutableBufferPointer<Leaf>.allocate(capacity: n)
        var initialized = 0
        defer {
            seen.deallocate()
            sums.deallocate()
            leaves.baseAddress?.deinitialize(count: initialized)
            leaves.deallocate()
        }
        for term in terms {
            let (cursor, kernel) = term._withUnsafeGuaranteedRef { ($0.cursor, $0.kernel) }
            (leaves.baseAddress! + initialized).initialize(to: Leaf(cursor: cursor, kernel: kernel))
            initialized += 1
        }
        let base0 = leaves.baseAddress!
        var candidates: [Int32] = []
        let maxDoc = segment.maxDoc
        let scoresPages = collector.capacity > 0
        let segment = self.segment
        var base: Int32 = 0
        while base < maxDoc {
            let width = collector.threshold == nil && scoresPages ? Self.firstWindowSize : size
            let end = Int32(min(Int64(base) + Int64(width), Int64(maxDoc)))
            var gathered = 0
            for i in 0..<n {
                try Self.gather(base0 + i, base: base, end: end, seen: seen, bounds: sums)
                gathered += base0[i].docs.count
            }
            if gathered > 0 {
                let threshold = collector.threshold ?? -Double.infinity
                candidates.removeAll(keepingCapacity: true)
                for w in 0..<((Int(end &- base) + 63) / 64) {
                    var word = seen[w]
                    seen[w] = 0
                    while word != 0 {
                        let slot = w &* 64 &+ word.trailingZeroBitCount
                        word &= word &- 1
                        let doc = base &+ Int32(slot)
                        let bound = sums[slot]
                        // Every slot's sum goes back to 0: a candidate's restarts there for its score.
                        sums[slot] = 0
                        guard segment.isLive(doc) else { continue }
                        total += 1
                        if scoresPages && bound >= threshold {
                            candidates.append(doc)
                        } else {
                            pruned += 1
                        }
                    }
                }
                if !candidates.isEmpty {
                    try candidates.withUnsafeBufferPointer { candidates in
                        for i in 0..<n { Self.score(base0 + i, candidates: candidates, base: base, sums: sums, segment: segment) }
                        for doc in candidates {
                            let slot = Int(doc &- base)
                            try collector.offer(score: sums[slot], segment: segmentIndex, doc: doc)
                            sums[slot] = 0
                        }
                    }
                }
            }
            // The next window starts at the first posting any term has left.
            var next = Int32.max
            var pendingBlock = false
            for i in 0..<n where !base0[i].finished {
                if base0[i].index < base0[i].count {
                    next = min(next, base0[i].cursor.blockDocument(base0[i].index))
                } else {
                    pendingBlock = true
                }
            }
            if next == Int32.max && pendingBlock { next = end }
            base = max(next, end)
        }
    }

    /// Adds one term's score to the sum of each candidate (ascending) it has among its window postings
    /// (ascending): a linear merge when candidates are many, else a galloping search for each.
    @inline(__always)
    static func score(_ leaf: UnsafeMutablePointer<Leaf>, candidates: UnsafeBufferPointer<Int32>, base: Int32,
                      sums: UnsafeMutablePointer<Double>, segment: Segment) {
        let kernel = leaf.pointee.kernel
        leaf.pointee.docs.withUnsafeBufferPointer { docs in
            leaf.pointee.references.withUnsafeBufferPointer { references in
                leaf.pointee.views.withUnsafeBufferPointer { views in
                    let count = docs.count
                    var j = 0
                    for doc in candidates {
                        guard j < count else { return }
                        if docs[j] < doc {
                            // Gallop to a posting >= doc, then binary search the last step.
                            var step = 1
                            var low = j
                            while j + step < count && docs[j + step] < doc {
                                low = j + step
                                step &<<= 1
                            }
                            var high = min(j + step, count)
                            low += 1
                            while low < high {
                                let middle = (low + high) >> 1
                                if docs[middle] < doc { low = middle + 1 } else { high = middle }
                            }
                            j = low
                            guard j < count else { return }
                        }
                        guard docs[j] == doc else { continue }
                        let reference = references[j]
                        let tf = kernel.masked(views[Int(reference >> 8)].frequencies(at: Int(reference & 0xFF)))
                        sums[Int(doc &- base)] += kernel.score(tf: tf, doc: doc, segment: segment)
                        j += 1
                    }
                }
            }
        }
    }

    /// Walks one term's postings below `end`, block by block (the leaf remembers the position between
    /// windows): each posting that counts for the term (one with the term in the scoped field, when
    /// scoped) is marked in `seen`, its block's bound added to `bounds`, and kept in the leaf's window
    /// lists with a reference to its block's frequencies.
    @inline(__always)
    static func gather(_ leaf: UnsafeMutablePointer<Leaf>, base: Int32, end: Int32,
                       seen: UnsafeMutablePointer<UInt64>, bounds: UnsafeMutablePointer<Double>) throws {
        leaf.pointee.docs.removeAll(keepingCapacity: true)
        leaf.pointee.references.removeAll(keepingCapacity: true)
        leaf.pointee.views.removeAll(keepingCapacity: true)
        leaf.pointee.viewOfLoadedBlock = -1
        let field = leaf.pointee.kernel.field
        while true {
            if leaf.pointee.index >= leaf.pointee.count {
                if leaf.pointee.finished { return }
                let count = try leaf.pointee.cursor.nextBlock()
                leaf.pointee.count = count
                leaf.pointee.index = 0
                leaf.pointee.viewOfLoadedBlock = -1
                if count == 0 {
                    leaf.pointee.finished = true
                    return
                }
                leaf.pointee.bound = leaf.pointee.kernel.bound(leaf.pointee.cursor.blockBounds())
            }
            let index = leaf.pointee.index
            let d = leaf.pointee.cursor.blockDocument(index)
            if d >= end { return }
            leaf.pointee.index = index &+ 1
            if leaf.pointee.viewOfLoadedBlock < 0 {
                leaf.pointee.viewOfLoadedBlock = leaf.pointee.views.count
                leaf.pointee.views.append(leaf.pointee.cursor.blockFrequencyView())
            }
            let view = leaf.pointee.viewOfLoadedBlock
            if field >= 0 {
                let tf = leaf.pointee.kernel.masked(leaf.pointee.views[view].frequencies(at: index))
                if tf == (0, 0, 0) { continue }
            }
            let slot = Int(d &- base)
            seen[slot >> 6] |= UInt64(1) << UInt64(slot & 63)
            bounds[slot] += leaf.pointee.bound
            leaf.pointee.docs.append(d)
            leaf.pointee.references.append(UInt32(truncatingIfNeeded: view) << 8 | UInt32(truncatingIfNeeded: index))
        }
    }
}
