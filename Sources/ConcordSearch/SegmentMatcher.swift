/// Document-at-a-time matching and scoring of one segment.
///
/// Each clause present in the segment becomes a slot backed by a postings cursor (terms) or a
/// `PhraseCursor` (phrases). With `must` slots the matcher leapfrogs over them (rarest first);
/// otherwise it walks the union of `should` slots. `mustNot` slots are checked only for candidates,
/// and scoring reads frequencies and field lengths only for live, non-excluded candidates.
/// No allocation happens per document.
struct SegmentMatcher<Segment: SearchableSegment> {
    enum Source {
        case term(Int)
        case phrase(Int)
    }

    let segment: Segment
    private var termCursors: [Segment.Cursor] = []
    private var phraseCursors: [PhraseCursor] = []
    private var sources: [Source] = []
    private var idfs: [Double] = []
    private var queryFrequencies: [Double] = []
    /// Scored slots in query clause order (the summation order).
    private var scored: [Int] = []
    private var musts: [Int] = []
    private var shoulds: [Int] = []
    private var excluded: [Int] = []
    /// False when a required clause is absent from this segment: nothing can match.
    private(set) var canMatch = true

    init(segment: Segment, segmentIndex: Int, prepared: [PreparedClause]) throws {
        self.segment = segment
        var mustFrequencies: [(slot: Int, df: Int)] = []
        for clause in prepared {
            let source: Source
            if let phrases = clause.phrasePostings {
                let postings = phrases[segmentIndex]
                if postings.count == 0 {
                    if clause.occur == .must { canMatch = false; return }
                    continue
                }
                source = .phrase(phraseCursors.count)
                phraseCursors.append(PhraseCursor(postings: postings))
            } else {
                if clause.occur != .mustNot && clause.documentFrequency == 0 {
                    if clause.occur == .must { canMatch = false; return }
                    continue
                }
                guard let cursor = try segment.postings(for: clause.clause.terms[0]) else {
                    if clause.occur == .must { canMatch = false; return }
                    continue
                }
                source = .term(termCursors.count)
                termCursors.append(cursor)
            }
            let slot = sources.count
            sources.append(source)
            idfs.append(clause.idf)
            queryFrequencies.append(Double(clause.clause.queryFrequency))
            switch clause.occur {
            case .must:
                scored.append(slot)
                mustFrequencies.append((slot, clause.documentFrequency))
            case .should:
                scored.append(slot)
                shoulds.append(slot)
            case .mustNot:
                excluded.append(slot)
            }
        }
        musts = mustFrequencies.sorted { $0.df < $1.df }.map(\.slot)
        if musts.isEmpty && shoulds.isEmpty { canMatch = false }
    }

    @inline(__always)
    private mutating func advance(_ slot: Int, to target: Int32) throws -> Int32 {
        switch sources[slot] {
        case .term(let k): return try termCursors[k].advance(to: target)
        case .phrase(let k): return phraseCursors[k].advance(to: target)
        }
    }

    @inline(__always)
    private func frequencies(_ slot: Int) -> (Int, Int, Int) {
        switch sources[slot] {
        case .term(let k):
            let cursor = termCursors[k]
            return (cursor.frequency(inField: 0), cursor.frequency(inField: 1), cursor.frequency(inField: 2))
        case .phrase(let k):
            return phraseCursors[k].frequencies
        }
    }

    /// The next candidate document `>= target` satisfying the positive clauses, or `Int32.max`.
    private mutating func nextCandidate(from target: Int32) throws -> Int32 {
        if musts.isEmpty {
            var best = Int32.max
            for slot in shoulds {
                let doc = try advance(slot, to: target)
                if doc < best { best = doc }
            }
            return best
        }
        var candidate = try advance(musts[0], to: target)
        var i = 1
        while i < musts.count && candidate != Int32.max {
            let doc = try advance(musts[i], to: candidate)
            if doc > candidate {
                candidate = try advance(musts[0], to: doc)
                i = 1
            } else {
                i += 1
            }
        }
        return candidate
    }

    /// Matches every document of the segment, counting matches into `total` and offering them to `collector`.
    mutating func run(
        segmentIndex: Int, scorer: BM25FScorer, normalizer: BM25FScorer.Normalizer,
        collector: inout TopKCollector, total: inout Int
    ) throws {
        guard canMatch else { return }
        if sources.count == 1, case .term = sources[0], excluded.isEmpty {
            return try runSingleTerm(segmentIndex: segmentIndex, scorer: scorer, normalizer: normalizer,
                                     collector: &collector, total: &total)
        }
        var target: Int32 = 0
        while true {
            let doc = try nextCandidate(from: target)
            if doc == Int32.max { return }
            target = doc &+ 1
            guard segment.isLive(doc) else { continue }
            var isExcluded = false
            for slot in excluded {
                if try advance(slot, to: doc) == doc {
                    isExcluded = true
                    break
                }
            }
            if isExcluded { continue }
            total += 1
            // Field lengths are read only for fields some matching clause occurs in.
            var lengths = (-1, -1, -1)
            var score = 0.0
            for slot in scored {
                guard try advance(slot, to: doc) == doc else { continue }
                let tf = frequencies(slot)
                if tf.0 != 0 && lengths.0 < 0 { lengths.0 = segment.fieldLength(doc, field: 0) }
                if tf.1 != 0 && lengths.1 < 0 { lengths.1 = segment.fieldLength(doc, field: 1) }
                if tf.2 != 0 && lengths.2 < 0 { lengths.2 = segment.fieldLength(doc, field: 2) }
                let pseudo = normalizer.pseudoFrequency(tf: tf, lengths: lengths)
                score += queryFrequencies[slot] * scorer.contribution(idf: idfs[slot], pseudoFrequency: pseudo)
            }
            let segment = self.segment
            try collector.offer(score: score, segment: segmentIndex, doc: doc) { try segment.documentID(doc) }
            if doc == Int32.max - 1 { return }
        }
    }

    /// One term alone: every posting matches, so the postings are walked block by block. A block whose
    /// score bound (from its largest frequencies and shortest fields) is below the heap's entry score
    /// is only counted, never scored. The arithmetic per document is that of `run`, so scores agree.
    private mutating func runSingleTerm(
        segmentIndex: Int, scorer: BM25FScorer, normalizer: BM25FScorer.Normalizer,
        collector: inout TopKCollector, total: inout Int
    ) throws {
        let idf = idfs[0], queryFrequency = queryFrequencies[0]
        let segment = self.segment
        while true {
            let count = try termCursors[0].nextBlock()
            if count == 0 { return }
            if let threshold = collector.threshold, let bounds = termCursors[0].blockBounds(),
               let maxFrequency = bounds.maxFrequency {
                let pseudo = normalizer.pseudoFrequency(tf: maxFrequency, lengths: bounds.minLength)
                // Bounds use the same floating-point operations as scores, which are monotonic but may
                // round differently; the margin keeps a bound safely above every score it bounds.
                if queryFrequency * scorer.contribution(idf: idf, pseudoFrequency: pseudo) * (1 + 1e-9) < threshold {
                    for i in 0..<count where segment.isLive(termCursors[0].blockDocument(i)) { total += 1 }
                    continue
                }
            }
            for i in 0..<count {
                let doc = termCursors[0].blockDocument(i)
                guard segment.isLive(doc) else { continue }
                total += 1
                let tf = termCursors[0].blockFrequencies(i)
                var lengths = (-1, -1, -1)
                if tf.0 != 0 { lengths.0 = segment.fieldLength(doc, field: 0) }
                if tf.1 != 0 { lengths.1 = segment.fieldLength(doc, field: 1) }
                if tf.2 != 0 { lengths.2 = segment.fieldLength(doc, field: 2) }
                let pseudo = normalizer.pseudoFrequency(tf: tf, lengths: lengths)
                let score = 0.0 + queryFrequency * scorer.contribution(idf: idf, pseudoFrequency: pseudo)
                try collector.offer(score: score, segment: segmentIndex, doc: doc) { try segment.documentID(doc) }
            }
        }
    }
}
