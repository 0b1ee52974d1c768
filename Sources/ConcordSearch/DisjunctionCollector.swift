import ConcordIndex

/// Evaluates a ranked OR of terms (a `BooleanScorer` whose children are all `should` terms) over one
/// segment by windows of document numbers, term at a time, with block-max MaxScore pruning and an
/// exact total.
///
/// For each window of `windowSize` documents, every term first copies its postings in the window
/// (document ids only, block by block; the leaf remembers where it stopped) with, per block, the
/// block's score bound (from the skip data, see `LeafKernel.bound`) and a reference to its packed
/// frequencies (`BlockFrequencyView`), which are read only if a document is scored. The largest block
/// bound of a term in the window is its window bound. Once the collector has a threshold, the terms
/// whose window bounds, smallest first, sum below it are non-essential for the window: a document
/// that only they hold cannot enter the page. Then:
/// - every term marks its documents in a bitset, and the window's live matches are counted from it
///   (a population count when the segment has no deletions): totals stay exact;
/// - the essential terms also mark a candidate bitset and add their block bounds to each document's
///   bound; a candidate whose bound plus the non-essential terms' window bounds is below the threshold
///   is only counted;
/// - the remaining candidates are scored term by term in clause order starting from 0 (the
///   non-essential terms too, where they hold the document), exactly the additions
///   `BooleanScorer.score` makes, so their scores are bit-identical to the document-at-a-time path
///   and the page (ties by id included) is the same.
///
/// A window where bounds would select nearly everything — before there is a threshold, or when three
/// quarters of its postings lie in blocks whose own bound reaches it, with every term essential — is
/// scored whole instead (`scoreWindow`): each term adds its contributions straight into the window's
/// sums, in clause order, and every live match is offered; the same additions, so the same scores.
///
/// Before the first window, the terms of one block (rare ones) are scored in full, which gives their
/// blocks exact bounds and a floor the page's scores reach (`floorFromShortLists`); then a long term
/// that cannot reach the floor by itself, in a segment without deletions, is counted from its length
/// and only probed at the other terms' documents (`probedTerm`).
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
        /// The window's postings, `postings` of them (room for `capacity`): document, and, when their
        /// frequencies are not copied (`dense`), (block ordinal in the window << 8 | index in block).
        var docs: UnsafeMutablePointer<Int32>
        var references: UnsafeMutablePointer<UInt32>
        /// With `dense`, the window's postings' frequencies per field (masked to the leaf's field),
        /// copied from their blocks unpacked whole; else read through `views` when a posting is scored.
        var frequencies: (UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>)
        var capacity: Int
        var postings = 0
        /// Whether `gather` copies frequencies: when at least a third of the previous window's postings
        /// with any were scored (`scored` of them). Copying a posting's frequencies from its unpacked block
        /// costs about a third of what reading them packed through the block's view does when it is
        /// scored (callgrind), so a term whose documents are mostly scored (two common words, whose
        /// documents are nearly all candidates) copies them, and one whose documents are mostly pruned
        /// leaves them packed.
        var dense = true
        var scored = 0
        /// Per block the window's postings come from, in order: its frequencies, its score bound, and
        /// where its postings end in `docs`. `blockOfLoadedBlock` is the loaded block's ordinal, -1
        /// before it is appended.
        var views: [BlockFrequencyView] = []
        var blockBounds: [Double] = []
        var blockEnds: [Int] = []
        var blockOfLoadedBlock = -1
        /// The largest bound of the window's blocks (0 without postings in the window).
        var windowBound = 0.0

        init(cursor: Segment.Cursor, kernel: LeafKernel) {
            self.cursor = cursor
            self.kernel = kernel
            // A term lists each document once, so a window never holds more postings than documents
            // (nor more than the term has); `gather` grows the buffers if a cursor says otherwise.
            capacity = max(1, min(DisjunctionCollector.windowSize, cursor.documentFrequency))
            docs = .allocate(capacity: capacity)
            references = .allocate(capacity: capacity)
            frequencies = (.allocate(capacity: capacity), .allocate(capacity: capacity), .allocate(capacity: capacity))
        }

        mutating func free() {
            docs.deallocate()
            references.deallocate()
            frequencies.0.deallocate()
            frequencies.1.deallocate()
            frequencies.2.deallocate()
        }

        /// Room for at least one more posting.
        mutating func grow() {
            let newCapacity = capacity * 2
            let newDocs = UnsafeMutablePointer<Int32>.allocate(capacity: newCapacity)
            let newReferences = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
            let newFrequencies = (UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity),
                                  UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity),
                                  UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity))
            newDocs.update(from: docs, count: postings)
            newReferences.update(from: references, count: postings)
            newFrequencies.0.update(from: frequencies.0, count: postings)
            newFrequencies.1.update(from: frequencies.1, count: postings)
            newFrequencies.2.update(from: frequencies.2, count: postings)
            free()
            docs = newDocs
            references = newReferences
            frequencies = newFrequencies
            capacity = newCapacity
        }
    }

    let terms: [Unmanaged<TermScorer<Segment>>]
    let segment: Segment
    let segmentIndex: Int
    /// The window buffers, zeroed, of `windowSize` slots; left zeroed.
    let windows: DisjunctionWindows

    /// `probedTerms` counts the terms probed instead of walked (see `probedTerm`), `wholeWindows` the
    /// windows scored whole (see `scoresMostPostings`).
    func collect(into collector: inout TopKCollector, total: inout Int, pruned: inout Int, probedTerms: inout Int,
                 wholeWindows: inout Int) throws {
        let size = Self.windowSize, n = terms.count
        precondition(windows.size == size, "window buffers of another size")
        // Per slot of the window: matched by any term, matched by an essential term (one bit each),
        // then the summed bound of an essential match, which the score replaces (see `DisjunctionWindows`).
        let seen = windows.seen, essentialSeen = windows.essentialSeen, sums = windows.sums, lengths = windows.lengths
        let leaves = UnsafeMutableBufferPointer<Leaf>.allocate(capacity: n)
        // The leaves by window bound, smallest first (the non-essential ones are a prefix).
        let order = UnsafeMutableBufferPointer<Int>.allocate(capacity: n)
        var initialized = 0
        defer {
            for i in 0..<initialized { leaves[i].free() }
            leaves.baseAddress?.deinitialize(count: initialized)
            leaves.deallocate()
            order.deallocate()
        }
        for term in terms {
            let (cursor, kernel) = term._withUnsafeGuaranteedRef { ($0.cursor, $0.kernel) }
            (leaves.baseAddress! + initialized).initialize(to: Leaf(cursor: cursor, kernel: kernel))
            initialized += 1
        }
        let base0 = leaves.baseAddress!
        let candidateBuffer = windows.candidates
        // Whether the last window bounded document by document found nearly every match a candidate (see
        // `candidatesAreMost`), and how many windows were scored whole since it.
        var candidatesWereMost = false
        var wholeSinceMeasured = 0
        let maxDoc = segment.maxDoc
        let scoresPages = collector.capacity > 0
        let segment = self.segment
        let countsFromBits = !segment.mayHaveDeletions
        // A score some `capacity` live documents are known to reach (see `floorFromShortLists`).
        let floor = scoresPages ? try Self.floorFromShortLists(base0, count: n, capacity: collector.capacity, segment: segment) : -Double.infinity
        // A long list that cannot lift a document to the floor by itself is probed instead of walked
        // (see `probedTerm`): its documents are counted from its length, and it is read only where the
        // other terms have documents.
        let probed = Self.probedTerm(base0, count: n, floor: floor, segment: segment)
        let probedLimit = probed >= 0 ? base0[probed].kernel.scoreLimit : 0
        // Per slot of the window, for the probed term: whether it has the document, and its frequencies.
        let probedSeen = windows.probedSeen
        let probedFrequencies = probed >= 0 ? windows.probedFrequencyBuffer() : nil
        if probed >= 0 {
            probedTerms += 1
            base0[probed].finished = true
            // Every document of the term counts; those scored are taken off `pruned` with the windows'.
            total += base0[probed].cursor.documentFrequency
            pruned += base0[probed].cursor.documentFrequency
        }
        var base: Int32 = 0
        var width = Self.firstWindowSize / 2
        while base < maxDoc {
            // Windows double from the first size once the collector is full, so that the threshold
            // rises before large windows make many candidates.
            width = collector.threshold == nil && scoresPages ? Self.firstWindowSize : min(size, width * 2)
            let end = Int32(min(Int64(base) + Int64(width), Int64(maxDoc)))
            var gathered = 0
            for i in 0..<n {
                try Self.gather(base0 + i, end: end)
                gathered += base0[i].postings
            }
            if gathered > 0 {
                let threshold = max(collector.threshold ?? -Double.infinity, floor)
                // The non-essential prefix: the terms whose window bounds, smallest first, sum below
                // the threshold (none before there is one, and all when no page is collected).
                var nonEssential = scoresPages ? 0 : n
                var nonEssentialBound = probedLimit
                if scoresPages && threshold > -Double.infinity {
                    for i in 0..<n { order[i] = i }
                    // Insertion sort: queries have few terms.
                    for i in 1..<max(n, 1) {
                        let k = order[i], key = base0[k].windowBound
                        var j = i
                        while j > 0 && base0[order[j - 1]].windowBound > key {
                            order[j] = order[j - 1]
                            j -= 1
                        }
                        order[j] = k
                    }
                    while nonEssential < n {
                        let next = nonEssentialBound + base0[order[nonEssential]].windowBound
                        guard next < threshold else { break }
                        nonEssentialBound = next
                        nonEssential += 1
                    }
                }
                // After a window whose matches were nearly all candidates, the next three are scored whole
                // too, then one is bounded again to see whether the threshold has risen enough.
                let wholeForCandidates = candidatesWereMost && wholeSinceMeasured < 3
                if probed < 0 && scoresPages && (wholeForCandidates || nonEssential == 0
                    && Self.scoresMostPostings(base0, count: n, threshold: threshold, gathered: gathered)) {
                    // Every whole window counts, whatever chose it: three at most between two measurements.
                    wholeSinceMeasured &+= 1
                    total += try Self.scoreWindow(base0, count: n, base: base, end: end, seen: seen, sums: sums,
                                                  countsFromBits: countsFromBits, collector: &collector,
                                                  segment: segment, segmentIndex: segmentIndex)
                    wholeWindows += 1
                    // No term is probed here, so `probedSeen` is still clear: nothing to reset below.
                    base = Self.nextWindowStart(base0, count: n, end: end)
                    continue
                }
                if scoresPages && threshold > -Double.infinity {
                    // The essential terms first: a non-essential term's bounds then go only to their
                    // candidates.
                    for i in nonEssential..<n {
                        Self.mark(base0 + order[i], base: base, seen: seen, essentialSeen: essentialSeen, bounds: sums)
                    }
                    for i in 0..<nonEssential {
                        Self.markNonEssential(base0 + order[i], base: base, seen: seen, essentialSeen: essentialSeen, bounds: sums)
                    }
                } else {
                    for i in 0..<n {
                        Self.mark(base0 + i, base: base, seen: seen, essentialSeen: nonEssential == 0 ? essentialSeen : nil,
                                  bounds: sums)
                    }
                }
                let wordCount = (Int(end &- base) + 63) / 64
                if let probedFrequencies {
                    // The probed term's documents are counted already: mark those the others have too.
                    try Self.probe(base0 + probed, base: base, wordCount: wordCount, seen: seen, probedSeen: probedSeen,
                                   frequencies: probedFrequencies)
                    for w in 0..<wordCount { seen[w] &= ~probedSeen[w] }
                }
                var live = 0
                if countsFromBits {
                    for w in 0..<wordCount {
                        live &+= seen[w].nonzeroBitCount
                        seen[w] = 0
                    }
                } else {
                    Self.drainSlots(seen, wordCount: wordCount) { slot in
                        if segment.isLive(base &+ Int32(slot)) { live &+= 1 }
                    }
                }
                total += live
                var candidateCount = 0
                if nonEssential < n {
                    Self.drainSlots(essentialSeen, wordCount: wordCount) { slot in
                        let doc = base &+ Int32(slot)
                        let bound = probedSeen[slot &>> 6] & (UInt64(1) &<< UInt64(slot & 63)) != 0 ? sums[slot] + probedLimit : sums[slot]
                        // Every slot's sum goes back to 0: a candidate's restarts there for its score.
                        sums[slot] = 0
                        // Written always, kept by counting it: whether a document is a candidate is a
                        // coin toss when most are, and a branch on it was mispredicted that often.
                        candidateBuffer[candidateCount] = doc
                        let kept = bound >= threshold && (countsFromBits || segment.isLive(doc))
                        candidateCount &+= kept ? 1 : 0
                    }
                }
                pruned += live - candidateCount
                candidatesWereMost = Self.candidatesAreMost(candidateCount, live: live)
                wholeSinceMeasured = 0
                if candidateCount > 0 {
                    try Self.scoreCandidates(base0, count: n, candidates: UnsafeBufferPointer(start: candidateBuffer, count: candidateCount),
                                             base: base, windows: windows, probed: probed, probedFrequencies: probedFrequencies,
                                             collector: &collector, segment: segment, segmentIndex: segmentIndex)
                }
            }
            if probed >= 0 {
                for w in 0..<((Int(end &- base) + 63) / 64) { probedSeen[w] = 0 }
            }
            base = Self.nextWindowStart(base0, count: n, end: end)
        }
    }

    /// Scores a window's `candidates` (ascending) term by term in clause order and offers them to
    /// `collector`, leaving their sums at 0. A function of its own, not inlined: inside `collect` its loops
    /// were compiled with fewer registers to spare (9% more instructions on long queries).
    @inline(never)
    static func scoreCandidates(_ leaves: UnsafeMutablePointer<Leaf>, count n: Int, candidates: UnsafeBufferPointer<Int32>,
                                base: Int32, windows: DisjunctionWindows, probed: Int,
                                probedFrequencies: UnsafeMutablePointer<(Int, Int, Int)>?,
                                collector: inout TopKCollector, segment: Segment, segmentIndex: Int) throws {
        let lengths = windows.lengths, sums = windows.sums
        // The candidates' field lengths, read in one pass of independent loads before any term scores
        // them: their cache misses overlap here, where each term's scoring loop would wait for them one
        // at a time (a third of its time on ~450k documents).
        for c in 0..<candidates.count {
            lengths[c] = segment.fieldLengths(candidates[c])
        }
        for i in 0..<n {
            if i == probed, let probedFrequencies {
                scoreProbed(leaves + i, candidates: candidates, lengths: lengths, base: base,
                            probedSeen: windows.probedSeen, frequencies: probedFrequencies, sums: sums)
            } else {
                score(leaves + i, candidates: candidates, lengths: lengths, base: base, sums: sums)
            }
        }
        for doc in candidates {
            let slot = Int(doc &- base)
            try collector.offer(score: sums[slot], segment: segmentIndex, doc: doc)
            sums[slot] = 0
        }
    }

    /// Where the window after one ending at `end` starts: at the first posting any term has left.
    @inline(__always)
    static func nextWindowStart(_ leaves: UnsafeMutablePointer<Leaf>, count n: Int, end: Int32) -> Int32 {
        var next = Int32.max
        var pendingBlock = false
        for i in 0..<n where !leaves[i].finished {
            if leaves[i].index < leaves[i].count {
                next = min(next, leaves[i].cursor.blockDocument(leaves[i].index))
            } else {
                pendingBlock = true
            }
        }
        if next == Int32.max && pendingBlock { next = end }
        return max(next, end)
    }

    /// Terms of at most this many postings (one block of a segment's postings) are scored in full
    /// before the first window (see `floorFromShortLists`).
    static var shortListLength: Int { 128 }

    /// Loads the first block of each term of at most `shortListLength` postings (its whole list in a
    /// segment's postings) and computes the term's contribution to each of its live documents, with the
    /// arithmetic of the scores. Returns the largest `capacity`-th best contribution of one term, or
    /// -infinity: a score at least `capacity` distinct live documents reach, since a document's score,
    /// a sum of non-negative contributions from 0, is at least each of them (rounding to nearest is
    /// monotonic). A document whose bound is below it cannot enter the page. The block's bound becomes
    /// the largest contribution found, raised by the relative margin of `LeafKernel.bound`, when that
    /// is smaller than the skip data's (absent for such short lists).
    static func floorFromShortLists(_ leaves: UnsafeMutablePointer<Leaf>, count n: Int, capacity: Int,
                                    segment: Segment) throws -> Double {
        var floor = -Double.infinity
        var contributions: [Double] = []
        for i in 0..<n {
            let leaf = leaves + i
            guard leaf.pointee.cursor.documentFrequency <= shortListLength, !leaf.pointee.finished,
                  leaf.pointee.count == 0 else { continue }
            let count = try leaf.pointee.cursor.nextBlock()
            leaf.pointee.count = count
            leaf.pointee.index = 0
            leaf.pointee.blockOfLoadedBlock = -1
            if count == 0 {
                leaf.pointee.finished = true
                continue
            }
            let kernel = leaf.pointee.kernel
            let view = leaf.pointee.cursor.blockFrequencyView()
            contributions.removeAll(keepingCapacity: true)
            var largest = 0.0
            for k in 0..<count {
                let doc = leaf.pointee.cursor.blockDocument(k)
                let tf = kernel.masked(view.frequencies(at: k))
                if tf == (0, 0, 0) { continue }
                let contribution = kernel.score(tf: tf, doc: doc, segment: segment)
                largest = max(largest, contribution)
                if segment.isLive(doc) { contributions.append(contribution) }
            }
            leaf.pointee.bound = min(kernel.bound(leaf.pointee.cursor.blockBounds()), largest * (1 + 1e-9))
            if capacity <= contributions.count {
                contributions.sort(by: >)
                floor = max(floor, contributions[capacity - 1])
            }
        }
        return floor
    }

    /// The term to probe instead of walking, or -1: in a segment without deletions, an unscoped term
    /// whose saturation limit (above any of its contributions) is below `floor`, so that a document
    /// only it has cannot enter the page, and whose list is long — over 512 postings and four times
    /// the others' together — so that reading it only where the others have documents saves most of
    /// it. Its documents are all matches, counted from its length; a document another term has too is
    /// counted once, with the term (`probe` marks it).
    static func probedTerm(_ leaves: UnsafeMutablePointer<Leaf>, count n: Int, floor: Double, segment: Segment) -> Int {
        guard floor > -Double.infinity, !segment.mayHaveDeletions else { return -1 }
        var longest = -1, others = 0
        for i in 0..<n {
            let frequency = leaves[i].cursor.documentFrequency
            others += frequency
            if longest < 0 || frequency > leaves[longest].cursor.documentFrequency { longest = i }
        }
        guard longest >= 0 else { return -1 }
        let leaf = leaves[longest], frequency = leaf.cursor.documentFrequency
        others -= frequency
        guard leaf.kernel.field < 0, leaf.count == 0, !leaf.finished, frequency > 512, frequency > 4 * others,
              leaf.kernel.scoreLimit < floor else { return -1 }
        return longest
    }

    /// Moves the probed term's cursor over the window's documents that the other terms have (`seen`,
    /// ascending), marking in `probedSeen` those it has, with their frequencies.
    static func probe(_ leaf: UnsafeMutablePointer<Leaf>, base: Int32, wordCount: Int, seen: UnsafeMutablePointer<UInt64>,
                      probedSeen: UnsafeMutablePointer<UInt64>, frequencies: UnsafeMutablePointer<(Int, Int, Int)>) throws {
        for w in 0..<wordCount {
            var word = seen[w]
            while word != 0 {
                let slot = w &* 64 &+ word.trailingZeroBitCount
                word &= word &- 1
                let doc = base &+ Int32(slot)
                var d = leaf.pointee.cursor.doc
                if d < doc { d = try leaf.pointee.cursor.advance(to: doc) }
                guard d == doc else { continue }
                probedSeen[w] |= UInt64(1) &<< UInt64(slot & 63)
                let tf = leaf.pointee.cursor.currentFrequencies()
                frequencies[slot] = tf
            }
        }
    }

    /// Adds the probed term's score to the sum of each candidate it has (`probedSeen`), from the
    /// frequencies `probe` kept: the arithmetic of `score`.
    @inline(__always)
    static func scoreProbed(_ leaf: UnsafeMutablePointer<Leaf>, candidates: UnsafeBufferPointer<Int32>,
                            lengths: UnsafeMutablePointer<(Int, Int, Int)>, base: Int32,
                            probedSeen: UnsafeMutablePointer<UInt64>, frequencies: UnsafeMutablePointer<(Int, Int, Int)>,
                            sums: UnsafeMutablePointer<Double>) {
        let kernel = leaf.pointee.kernel
        for c in 0..<candidates.count {
            let slot = Int(candidates[c] &- base)
            guard probedSeen[slot &>> 6] & (UInt64(1) &<< UInt64(slot & 63)) != 0 else { continue }
            let tf = kernel.masked(frequencies[slot])
            sums[slot] += kernel.score(tf: tf, lengths: lengths[c])
        }
    }

    /// Whether a window's `candidates` are at least seven eighths of its `live` matches: then scoring the
    /// next window whole (`scoreWindow`) does little more scoring than bounding it would and skips the
    /// bounds, the candidate list and the per-term merges.
    @inline(__always)
    static func candidatesAreMost(_ candidates: Int, live: Int) -> Bool {
        live >= 64 && candidates &* 8 >= live &* 7
    }

    /// Whether at least three quarters of the window's postings lie in blocks whose own bound reaches
    /// `threshold` (every posting before there is a threshold): such a document is a candidate whatever the
    /// other terms add, so the window is scored whole (`scoreWindow`) instead of bounded document by
    /// document first. Two common words, each of which can lift a document onto the page alone, made
    /// nearly every match a candidate, and the bounds, candidate list and per-term merges cost more than
    /// they saved.
    @inline(__always)
    static func scoresMostPostings(_ leaves: UnsafeMutablePointer<Leaf>, count n: Int, threshold: Double, gathered: Int) -> Bool {
        guard threshold > -Double.infinity else { return true }
        var sure = 0
        for i in 0..<n {
            let leaf = leaves + i
            var start = 0
            for b in 0..<leaf.pointee.blockEnds.count {
                let end = leaf.pointee.blockEnds[b]
                if leaf.pointee.blockBounds[b] >= threshold { sure &+= end &- start }
                start = end
            }
        }
        return sure &* 4 >= gathered &* 3
    }

    /// Scores every document of the window that a term holds and offers the live ones to `collector`, in
    /// ascending order; returns how many are live. Each document's sum starts from 0 and takes the terms'
    /// contributions in clause order, the additions `score` makes for a candidate, so the scores are the
    /// same bits.
    @inline(__always)
    static func scoreWindow(_ leaves: UnsafeMutablePointer<Leaf>, count n: Int, base: Int32, end: Int32,
                            seen: UnsafeMutablePointer<UInt64>, sums: UnsafeMutablePointer<Double>, countsFromBits: Bool,
                            collector: inout TopKCollector, segment: Segment, segmentIndex: Int) throws -> Int {
        for i in 0..<n {
            let leaf = leaves + i
            let kernel = leaf.pointee.kernel
            let docs = leaf.pointee.docs, count = leaf.pointee.postings
            leaf.pointee.scored = count
            withFrequencyReader(leaf) { frequencies in
                for k in 0..<count {
                    let doc = docs[k]
                    let slot = Int(doc &- base)
                    seen[slot &>> 6] |= UInt64(1) &<< UInt64(slot & 63)
                    sums[slot] += kernel.score(tf: frequencies(k), lengths: segment.fieldLengths(doc))
                }
            }
        }
        var live = 0
        try drainSlots(seen, wordCount: (Int(end &- base) + 63) / 64) { slot in
            let doc = base &+ Int32(slot)
            let score = sums[slot]
            sums[slot] = 0
            guard countsFromBits || segment.isLive(doc) else { return }
            live &+= 1
            try collector.offer(score: score, segment: segmentIndex, doc: doc)
        }
        return live
    }

    /// Hands each set slot of the first `wordCount` words of `words` (bit b of word w: slot 64·w + b) to
    /// `visit`, ascending, and clears the words.
    @inline(__always)
    static func drainSlots(_ words: UnsafeMutablePointer<UInt64>, wordCount: Int, _ visit: (Int) throws -> Void) rethrows {
        for w in 0..<wordCount {
            var word = words[w]
            words[w] = 0
            while word != 0 {
                try visit(w &* 64 &+ word.trailingZeroBitCount)
                word &= word &- 1
            }
        }
    }

    /// Marks one term's window postings in `seen`, and when the term is essential (`essentialSeen` not
    /// nil) in `essentialSeen` too, adding each one's block bound to its slot of `bounds`.
    @inline(__always)
    static func mark(_ leaf: UnsafeMutablePointer<Leaf>, base: Int32, seen: UnsafeMutablePointer<UInt64>,
                     essentialSeen: UnsafeMutablePointer<UInt64>?, bounds: UnsafeMutablePointer<Double>) {
        let docs = leaf.pointee.docs, postings = leaf.pointee.postings
        guard let essentialSeen else {
            for k in 0..<postings {
                let slot = Int(docs[k] &- base)
                seen[slot &>> 6] |= UInt64(1) &<< UInt64(slot & 63)
            }
            return
        }
        leaf.pointee.blockBounds.withUnsafeBufferPointer { blockBounds in
            leaf.pointee.blockEnds.withUnsafeBufferPointer { blockEnds in
                var start = 0
                for b in 0..<blockEnds.count {
                    let end = blockEnds[b], bound = blockBounds[b]
                    for k in start..<end {
                        let slot = Int(docs[k] &- base)
                        let bit = UInt64(1) &<< UInt64(slot & 63)
                        seen[slot &>> 6] |= bit
                        essentialSeen[slot &>> 6] |= bit
                        bounds[slot] += bound
                    }
                    start = end
                }
            }
        }
    }

    /// Marks one non-essential term's window postings in `seen`, and adds each one's block bound to its
    /// slot of `bounds` where `essentialSeen` has it (a candidate; 0 elsewhere, which leaves the other
    /// slots at 0).
    @inline(__always)
    static func markNonEssential(_ leaf: UnsafeMutablePointer<Leaf>, base: Int32, seen: UnsafeMutablePointer<UInt64>,
                                 essentialSeen: UnsafeMutablePointer<UInt64>, bounds: UnsafeMutablePointer<Double>) {
        let docs = leaf.pointee.docs
        leaf.pointee.blockBounds.withUnsafeBufferPointer { blockBounds in
            leaf.pointee.blockEnds.withUnsafeBufferPointer { blockEnds in
                var start = 0
                for b in 0..<blockEnds.count {
                    let end = blockEnds[b], bound = blockBounds[b]
                    for k in start..<end {
                        let slot = Int(docs[k] &- base)
                        let bit = UInt64(1) &<< UInt64(slot & 63)
                        seen[slot &>> 6] |= bit
                        bounds[slot] += essentialSeen[slot &>> 6] & bit != 0 ? bound : 0
                    }
                    start = end
                }
            }
        }
    }

    /// Adds one term's score to the sum of each candidate (ascending) it has among its window postings
    /// (ascending): a linear merge when candidates are many, else a galloping search for each.
    /// `lengths` holds the candidates' field lengths, in their order.
    @inline(__always)
    static func score(_ leaf: UnsafeMutablePointer<Leaf>, candidates: UnsafeBufferPointer<Int32>,
                      lengths: UnsafeMutablePointer<(Int, Int, Int)>, base: Int32, sums: UnsafeMutablePointer<Double>) {
        let count = leaf.pointee.postings
        guard count > 0 else { return }
        let kernel = leaf.pointee.kernel, docs = leaf.pointee.docs
        leaf.pointee.scored = withFrequencyReader(leaf) { frequencies in
            mergeScore(docs: docs, count: count, candidates: candidates, lengths: lengths, base: base, sums: sums,
                       kernel: kernel, frequencies: frequencies)
        }
    }

    /// Calls `body` with a reader of the masked frequencies of the leaf's window posting k: copied
    /// (`dense`) or read through the block views by `references`. `body` is inlined once per way of
    /// reading, so the choice is made once per term and window (a choice inside a scoring loop kept the
    /// compiler from hoisting the field mask out of it: 9% more instructions on long queries).
    @inline(__always)
    static func withFrequencyReader<R>(_ leaf: UnsafeMutablePointer<Leaf>,
                                       _ body: ((Int) -> (Int, Int, Int)) -> R) -> R {
        if leaf.pointee.dense {
            let f = leaf.pointee.frequencies
            return body { (Int(f.0[$0]), Int(f.1[$0]), Int(f.2[$0])) }
        }
        let references = leaf.pointee.references, kernel = leaf.pointee.kernel
        return leaf.pointee.views.withUnsafeBufferPointer { views in
            body { k in
                let reference = references[k]
                return kernel.masked(views[Int(reference >> 8)].frequencies(at: Int(reference & 0xFF)))
            }
        }
    }

    /// The merge of `score`, with `frequencies(j)` the masked frequencies of window posting j; returns
    /// how many postings it scored.
    @inline(__always)
    static func mergeScore(docs: UnsafeMutablePointer<Int32>, count: Int, candidates: UnsafeBufferPointer<Int32>,
                           lengths: UnsafeMutablePointer<(Int, Int, Int)>, base: Int32, sums: UnsafeMutablePointer<Double>,
                           kernel: LeafKernel, frequencies: (Int) -> (Int, Int, Int)) -> Int {
        var scored = 0
        var j = 0
        for c in 0..<candidates.count {
            let doc = candidates[c]
            guard j < count else { break }
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
                guard j < count else { break }
            }
            guard docs[j] == doc else { continue }
            sums[Int(doc &- base)] += kernel.score(tf: frequencies(j), lengths: lengths[c])
            scored &+= 1
            j += 1
        }
        return scored
    }

    /// Copies one term's postings below `end` into its window lists, block by block (the leaf remembers
    /// the position between windows): each posting that counts for the term (one with the term in the
    /// scoped field, when scoped), with a reference to its block's frequencies; per block its bound, and
    /// the largest of them as the window bound.
    @inline(__always)
    static func gather(_ leaf: UnsafeMutablePointer<Leaf>, end: Int32) throws {
        if leaf.pointee.postings > 0 { leaf.pointee.dense = leaf.pointee.scored &* 3 >= leaf.pointee.postings }
        leaf.pointee.scored = 0
        leaf.pointee.postings = 0
        let dense = leaf.pointee.dense
        leaf.pointee.views.removeAll(keepingCapacity: true)
        leaf.pointee.blockBounds.removeAll(keepingCapacity: true)
        leaf.pointee.blockEnds.removeAll(keepingCapacity: true)
        leaf.pointee.blockOfLoadedBlock = -1
        leaf.pointee.windowBound = 0
        let field = leaf.pointee.kernel.field
        while true {
            if leaf.pointee.index >= leaf.pointee.count {
                if leaf.pointee.finished { return }
                let count = try leaf.pointee.cursor.nextBlock()
                leaf.pointee.count = count
                leaf.pointee.index = 0
                leaf.pointee.blockOfLoadedBlock = -1
                if count == 0 {
                    leaf.pointee.finished = true
                    return
                }
                leaf.pointee.bound = leaf.pointee.kernel.bound(leaf.pointee.cursor.blockBounds())
            }
            var index = leaf.pointee.index
            let count = leaf.pointee.count
            guard leaf.pointee.cursor.blockDocument(index) < end else { return }
            if leaf.pointee.blockOfLoadedBlock < 0 {
                leaf.pointee.blockOfLoadedBlock = leaf.pointee.views.count
                leaf.pointee.views.append(leaf.pointee.cursor.blockFrequencyView())
                leaf.pointee.blockBounds.append(leaf.pointee.bound)
                leaf.pointee.blockEnds.append(leaf.pointee.postings)
                leaf.pointee.windowBound = max(leaf.pointee.windowBound, leaf.pointee.bound)
            }
            let block = leaf.pointee.blockOfLoadedBlock
            let reference = UInt32(truncatingIfNeeded: block) << 8
            var postings = leaf.pointee.postings
            if field >= 0 {
                let view = leaf.pointee.views[block]
                let kernel = leaf.pointee.kernel
                while index < count {
                    let d = leaf.pointee.cursor.blockDocument(index)
                    if d >= end { break }
                    let tf = kernel.masked(view.frequencies(at: index))
                    if tf != (0, 0, 0) {
                        if postings == leaf.pointee.capacity {
                            leaf.pointee.postings = postings
                            leaf.pointee.grow()
                        }
                        leaf.pointee.docs[postings] = d
                        if dense {
                            leaf.pointee.frequencies.0[postings] = UInt32(truncatingIfNeeded: tf.0)
                            leaf.pointee.frequencies.1[postings] = UInt32(truncatingIfNeeded: tf.1)
                            leaf.pointee.frequencies.2[postings] = UInt32(truncatingIfNeeded: tf.2)
                        } else {
                            leaf.pointee.references[postings] = reference | UInt32(truncatingIfNeeded: index)
                        }
                        postings &+= 1
                    }
                    index &+= 1
                }
            } else {
                // The block's documents below `end` (a binary search: they ascend), then copied in one
                // loop with room made first. (The cursor is read in place: a copy would retain its
                // buffers, an atomic operation per block.)
                var stop = count
                if leaf.pointee.cursor.blockDocument(count &- 1) >= end {
                    var low = index
                    stop = count &- 1
                    while low < stop {
                        let middle = (low &+ stop) &>> 1
                        if leaf.pointee.cursor.blockDocument(middle) < end { low = middle &+ 1 } else { stop = middle }
                    }
                }
                let taken = stop &- index
                while postings &+ taken > leaf.pointee.capacity {
                    leaf.pointee.postings = postings
                    leaf.pointee.grow()
                }
                let docs = leaf.pointee.docs + postings
                for k in 0..<taken { docs[k] = leaf.pointee.cursor.blockDocument(index &+ k) }
                if !dense {
                    let references = leaf.pointee.references + postings
                    for k in 0..<taken { references[k] = reference | UInt32(truncatingIfNeeded: index &+ k) }
                } else {
                    // The block's frequencies unpacked once (a later window reading the rest of the block
                    // finds them so), then copied.
                    let f0 = leaf.pointee.frequencies.0 + postings, f1 = leaf.pointee.frequencies.1 + postings
                    let f2 = leaf.pointee.frequencies.2 + postings
                    for k in 0..<taken {
                        let tf = leaf.pointee.cursor.blockFrequencies(index &+ k)
                        f0[k] = UInt32(truncatingIfNeeded: tf.0)
                        f1[k] = UInt32(truncatingIfNeeded: tf.1)
                        f2[k] = UInt32(truncatingIfNeeded: tf.2)
                    }
                }
                postings &+= taken
                index = stop
            }
            leaf.pointee.index = index
            leaf.pointee.postings = postings
            leaf.pointee.blockEnds[block] = postings
        }
    }
}
