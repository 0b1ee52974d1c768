/// Evaluates, over one segment, a boolean whose scored clauses are all terms and which has a required
/// term: `+a +b` (AND), `+a b c` (required and optional), `a -b` and `+a -b` (exclusions), with
/// block-max pruning and an exact total.
///
/// The required terms leapfrog over document ids only (their frequencies stay packed); a lone required
/// term without filters walks its blocks in order instead (`collectByBlocks`). Each candidate
/// passes the filters and exclusions, is counted when live, and then needs a score only if it can enter
/// the page: its bound — the skip-data bounds of the required terms' current blocks (see
/// `LeafScoring.bound`), plus, for each optional term, first its saturation limit and, when that is not
/// enough to rule the candidate out, its block bound if it has the candidate (MaxScore) — is compared
/// with the collector's threshold, and a candidate below it is only counted. The others are scored
/// term by term in clause order starting from 0, exactly the additions `BooleanScorer.score` makes, so
/// scores are bit-identical to the document-at-a-time path and the page (ties by id included) is the same.
struct ConjunctionCollector<Segment: SearchableSegment> {
    /// One term of the boolean: its own copy of the cursor (the term scorer's is left unused) and its
    /// score bound, valid up to `boundEnd`.
    struct Leaf {
        var cursor: Segment.Cursor
        let kernel: LeafKernel
        let isRequired: Bool
        var bound = 0.0
        var boundEnd: Int32 = -1
    }

    /// The scored terms in clause order (the order of the score's additions).
    let terms: [(term: Unmanaged<TermScorer<Segment>>, isRequired: Bool)]
    /// Clauses checked on candidates: filters must match, exclusions must not.
    let filters: UnsafeMutableBufferPointer<SegmentScorer<Segment>>
    let exclusions: UnsafeMutableBufferPointer<SegmentScorer<Segment>>
    let segment: Segment
    let segmentIndex: Int

    func collect(into collector: inout TopKCollector, total: inout Int, pruned: inout Int) throws {
        let leaves = UnsafeMutableBufferPointer<Leaf>.allocate(capacity: terms.count)
        var initialized = 0
        defer {
            leaves.baseAddress?.deinitialize(count: initialized)
            leaves.deallocate()
        }
        for (term, isRequired) in terms {
            let (cursor, kernel) = term._withUnsafeGuaranteedRef { ($0.cursor, $0.kernel) }
            (leaves.baseAddress! + initialized).initialize(to: Leaf(cursor: cursor, kernel: kernel, isRequired: isRequired))
            initialized += 1
        }
        // Leapfrog order: the rarest required term first; optional terms by clause order.
        let byCost = terms.indices.sorted { terms[$0].term._withUnsafeGuaranteedRef { $0.cost } < terms[$1].term._withUnsafeGuaranteedRef { $0.cost } }
        let required = byCost.filter { terms[$0].isRequired }, optional = terms.indices.filter { !terms[$0].isRequired }
        guard let lead = required.first else { return }
        let optionalLimit = optional.reduce(0.0) { $0 + leaves[$1].kernel.scoreLimit }
        let segment = self.segment
        let scoresPages = collector.capacity > 0
        let base = leaves.baseAddress!
        if required.count == 1 && filters.isEmpty {
            try collectByBlocks(leaves, lead: lead, optional: optional, optionalLimit: optionalLimit,
                                into: &collector, total: &total, pruned: &pruned)
            return
        }

        var target: Int32 = 0
        // The collector's threshold, read again only after an offer (the only thing that changes it).
        var threshold = collector.threshold
        candidates: while true {
            var candidate = try Self.advance(base + lead, to: target)
            var i = 1
            while i < required.count && candidate != Int32.max {
                let d = try Self.advance(base + required[i], to: candidate)
                if d > candidate {
                    candidate = try Self.advance(base + lead, to: d)
                    i = 1
                } else {
                    i += 1
                }
            }
            if candidate == Int32.max { return }
            target = candidate &+ 1
            for filter in filters where !(try filter.matches(candidate)) { continue candidates }
            for exclusion in exclusions where try exclusion.matches(candidate) { continue candidates }
            guard segment.isLive(candidate) else { continue }
            total += 1
            guard scoresPages else { continue }

            if let threshold {
                var bound = 0.0
                for k in required { bound += Self.bound(base + k) }
                if bound + optionalLimit < threshold {
                    pruned += 1
                    continue
                }
                for k in optional where try Self.advance(base + k, to: candidate) == candidate { bound += Self.bound(base + k) }
                if bound < threshold {
                    pruned += 1
                    continue
                }
            }
            var score = 0.0
            for k in leaves.indices {
                let leaf = base + k
                if !leaf.pointee.isRequired, try Self.advance(leaf, to: candidate) != candidate { continue }
                let tf = leaf.pointee.kernel.masked((leaf.pointee.cursor.frequency(inField: 0),
                                                      leaf.pointee.cursor.frequency(inField: 1),
                                                      leaf.pointee.cursor.frequency(inField: 2)))
                score += leaf.pointee.kernel.score(tf: tf, doc: candidate, segment: segment)
            }
            try collector.offer(score: score, segment: segmentIndex, doc: candidate)
            threshold = collector.threshold
        }
    }

    /// The plan with one required term and no filters (`a -b`, `+a b c`, `+a -b c`): the required term
    /// walks its postings block by block instead of leapfrogging, with its block's bound computed once
    /// per block, and excluded terms checked on their own cursors. Candidates go through the checks and
    /// arithmetic of `collect`, so totals, pages and scores are the same.
    private func collectByBlocks(_ leaves: UnsafeMutableBufferPointer<Leaf>, lead: Int, optional: [Int], optionalLimit: Double,
                                 into collector: inout TopKCollector, total: inout Int, pruned: inout Int) throws {
        let base = leaves.baseAddress!
        let leader = base + lead
        let kernel = leader.pointee.kernel
        let field = kernel.field
        let segment = self.segment
        let scoresPages = collector.capacity > 0
        // Excluded terms get their own cursors (their scorers are left unused), so that checking one
        // needs no call through the scorer tree; other exclusions stay scorers.
        var excludedTerms: [Leaf] = []
        var otherExclusions: [SegmentScorer<Segment>] = []
        for exclusion in exclusions {
            if case .term(let term) = exclusion {
                let (cursor, kernel) = term._withUnsafeGuaranteedRef { ($0.cursor, $0.kernel) }
                excludedTerms.append(Leaf(cursor: cursor, kernel: kernel, isRequired: false))
            } else {
                otherExclusions.append(exclusion)
            }
        }
        // Buffers rather than arrays below: a `for` over an array in the loop retains and releases the
        // array once per document (on `a -b` at ~450k documents, 7,000 pairs of atomic counts a query).
        let excluded = UnsafeMutableBufferPointer<Leaf>.allocate(capacity: excludedTerms.count)
        _ = excluded.initialize(from: excludedTerms)
        excludedTerms = []
        let otherExcluded = UnsafeMutableBufferPointer<SegmentScorer<Segment>>.allocate(capacity: otherExclusions.count)
        _ = otherExcluded.initialize(from: otherExclusions)
        otherExclusions = []
        let optionalTerms = UnsafeMutableBufferPointer<Int>.allocate(capacity: optional.count)
        _ = optionalTerms.initialize(from: optional)
        defer {
            excluded.baseAddress?.deinitialize(count: excluded.count)
            excluded.deallocate()
            otherExcluded.baseAddress?.deinitialize(count: otherExcluded.count)
            otherExcluded.deallocate()
            optionalTerms.deallocate()
        }
        let excludedBase = excluded.baseAddress
        // The collector's threshold, read again only after an offer (the only thing that changes it).
        var threshold = collector.threshold
        // A document that no optional term holds (every document of `a -b`) scores the leader's
        // contribution alone: one whose frequencies cannot reach the threshold even at the block's
        // shortest field lengths is counted without reading its lengths (`PseudoFrequencyCutoff`, as
        // `TermScorer.collectAll` does).
        while true {
            let count = try leader.pointee.cursor.nextBlock()
            if count == 0 { return }
            let blockBound = kernel.bound(leader.pointee.cursor.blockBounds())
            // The leader's frequencies are read from its block's unpacked arrays (unpacked at the block's
            // first read; an unscoped leader's block pruned whole never is): read from the packed runs
            // through a `BlockFrequencyView`, which the compiler left as a call here, they cost ~90
            // instructions a document, on most documents of a block that is not pruned.
            // The block's first threshold: a later one is higher, so the cutoff only excludes less.
            let cutoff = threshold.map { kernel.cutoff(leader.pointee.cursor.blockBounds(), threshold: $0) } ?? PseudoFrequencyCutoff()
            documents: for i in 0..<count {
                let doc = leader.pointee.cursor.blockDocument(i)
                if field >= 0 && kernel.masked(leader.pointee.cursor.blockFrequencies(i)) == (0, 0, 0) { continue }
                if let excludedBase {
                    for k in 0..<excluded.count where try Self.advance(excludedBase + k, to: doc) == doc { continue documents }
                }
                for k in otherExcluded.indices where try otherExcluded[k].matches(doc) { continue documents }
                guard segment.isLive(doc) else { continue }
                total += 1
                guard scoresPages else { continue }
                if let threshold {
                    if blockBound + optionalLimit < threshold {
                        pruned += 1
                        continue
                    }
                    var bound = blockBound
                    var leaderAlone = true
                    for k in optionalTerms where try Self.advance(base + k, to: doc) == doc {
                        bound += Self.bound(base + k)
                        leaderAlone = false
                    }
                    if bound < threshold {
                        pruned += 1
                        continue
                    }
                    if leaderAlone && cutoff.excludes(kernel.masked(leader.pointee.cursor.blockFrequencies(i))) {
                        pruned += 1
                        continue
                    }
                }
                var score = 0.0
                for k in leaves.indices {
                    let tf: (Int, Int, Int)
                    if k == lead {
                        tf = kernel.masked(leader.pointee.cursor.blockFrequencies(i))
                    } else {
                        let leaf = base + k
                        if try Self.advance(leaf, to: doc) != doc { continue }
                        tf = leaf.pointee.kernel.masked((leaf.pointee.cursor.frequency(inField: 0),
                                                          leaf.pointee.cursor.frequency(inField: 1),
                                                          leaf.pointee.cursor.frequency(inField: 2)))
                    }
                    score += base[k].kernel.score(tf: tf, doc: doc, segment: segment)
                }
                try collector.offer(score: score, segment: segmentIndex, doc: doc)
                threshold = collector.threshold
            }
        }
    }

    /// Moves a leaf to its first document `>= target` that counts for it (one with the term in the
    /// scoped field, when scoped), as `TermScorer.advance` does.
    @inline(__always)
    static func advance(_ leaf: UnsafeMutablePointer<Leaf>, to target: Int32) throws -> Int32 {
        var d = leaf.pointee.cursor.doc
        if d >= target { return d }
        d = try leaf.pointee.cursor.advance(to: target)
        let field = leaf.pointee.kernel.field
        if field >= 0 {
            while d != Int32.max && leaf.pointee.cursor.frequency(inField: field) == 0 { d = try leaf.pointee.cursor.next() }
        }
        return d
    }

    /// The leaf's score bound for its current document (its block's, recomputed when the block changes).
    @inline(__always)
    static func bound(_ leaf: UnsafeMutablePointer<Leaf>) -> Double {
        if leaf.pointee.cursor.doc > leaf.pointee.boundEnd {
            leaf.pointee.bound = leaf.pointee.kernel.bound(leaf.pointee.cursor.blockBounds())
            leaf.pointee.boundEnd = leaf.pointee.cursor.blockLastDocument
        }
        return leaf.pointee.bound
    }
}
