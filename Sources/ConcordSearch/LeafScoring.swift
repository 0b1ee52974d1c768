/// The BM25F arithmetic one leaf applies to its per-field frequencies: field mask, lengths read only
/// for fields that occur, boost × saturated contribution.
struct LeafScoring {
    let scorer: BM25FScorer
    let normalizer: BM25FScorer.Normalizer
    let idf: Double
    let boost: Double
    /// -1 for all fields, else the only field that counts.
    let field: Int
    let documentFrequency: Int
    let documentCount: Int
    let label: String

    /// The arithmetic of `score` and `bound` as a trivially copyable value.
    let kernel: LeafKernel

    init(scorer: BM25FScorer, normalizer: BM25FScorer.Normalizer, idf: Double, boost: Double, field: Int,
         documentFrequency: Int, documentCount: Int, label: String) {
        self.scorer = scorer
        self.normalizer = normalizer
        self.idf = idf
        self.boost = boost
        self.field = field
        self.documentFrequency = documentFrequency
        self.documentCount = documentCount
        self.label = label
        kernel = LeafKernel(idf: idf, boost: boost, k1: scorer.k1, field: field, table: normalizer.table)
    }

    @inline(__always)
    func masked(_ tf: (Int, Int, Int)) -> (Int, Int, Int) { kernel.masked(tf) }

    @inline(__always)
    func score<Segment: SearchableSegment>(tf: (Int, Int, Int), doc: Int32, segment: Segment) -> Double {
        kernel.score(tf: tf, doc: doc, segment: segment)
    }

    /// The kernel for one segment: `kernel` with the scale of that segment's pseudo-frequency bounds.
    func kernel<Segment: SearchableSegment>(for segment: Segment) -> LeafKernel {
        var kernel = self.kernel
        kernel.pseudoFrequencyScale = normalizer.pseudoFrequencyScale(for: segment.blockScoreParameters)
        return kernel
    }

    /// See `LeafKernel.scoreLimit`.
    var scoreLimit: Double { kernel.scoreLimit }

    /// See `LeafKernel.bound(_:)`.
    @inline(__always)
    func bound(_ bounds: PostingsBlockBounds?) -> Double { kernel.bound(bounds) }

    func explanation<Segment: SearchableSegment>(
        tf: (Int, Int, Int), doc: Int32, segment: Segment, occur: Occur
    ) -> ClauseExplanation {
        let lengths = (segment.fieldLength(doc, field: 0), segment.fieldLength(doc, field: 1), segment.fieldLength(doc, field: 2))
        let contribution = score(tf: tf, doc: doc, segment: segment)
        let tfList = [tf.0, tf.1, tf.2], lengthList = [lengths.0, lengths.1, lengths.2]
        let averages = normalizer.averageLengths
        let fields = SearchField.allCases.map { field in
            let f = field.rawValue
            return FieldExplanation(
                field: field, termFrequency: tfList[f], length: lengthList[f], averageLength: averages[f],
                weight: scorer.weights[f], b: scorer.b[f], norm: normalizer.norm(field: f, length: lengthList[f]))
        }
        let prefix = occur == .must ? "+" : occur == .mustNot ? "-" : ""
        return ClauseExplanation(
            clause: prefix + label, occur: occur, fields: fields,
            pseudoFrequency: normalizer.pseudoFrequency(tf: tf, lengths: lengths),
            idf: idf, documentCount: documentCount, documentFrequency: documentFrequency, contribution: contribution)
    }
}

/// The BM25F arithmetic of one leaf without its labels and statistics: a trivially copyable value,
/// so that hot loops hold and copy it without reference counting. Its factor table belongs to the
/// `BM25FScorer.Normalizer` of the `LeafScoring` it came from, which must outlive it.
struct LeafKernel {
    let idf: Double
    let boost: Double
    let k1: Double
    /// -1 for all fields, else the only field that counts.
    let field: Int
    let table: BM25FScorer.Normalizer.Table
    /// Multiplies a block's stored largest pseudo-frequency into a bound of this leaf's pseudo-frequencies
    /// in the block's segment (`Normalizer.pseudoFrequencyScale`); 0 when there is none.
    var pseudoFrequencyScale = 0.0

    init(idf: Double, boost: Double, k1: Double, field: Int, table: BM25FScorer.Normalizer.Table) {
        self.idf = idf
        self.boost = boost
        self.k1 = k1
        self.field = field
        self.table = table
    }

    @inline(__always)
    func masked(_ tf: (Int, Int, Int)) -> (Int, Int, Int) {
        switch field {
        case 0: return (tf.0, 0, 0)
        case 1: return (0, tf.1, 0)
        case 2: return (0, 0, tf.2)
        default: return tf
        }
    }

    /// boost × the saturated contribution of masked frequencies `tf` in `doc` (its three field lengths
    /// read together: one memory access on disk, see `DocumentTable.lengths`).
    @inline(__always)
    func score<Segment: SearchableSegment>(tf: (Int, Int, Int), doc: Int32, segment: Segment) -> Double {
        score(tf: tf, lengths: segment.fieldLengths(doc))
    }

    /// `score(tf:doc:segment:)` with the document's field lengths already read (only those of fields
    /// that occur are used): the same arithmetic, so the same bits.
    @inline(__always)
    func score(tf: (Int, Int, Int), lengths: (Int, Int, Int)) -> Double {
        let pseudo = table.pseudoFrequency(tf: tf, lengths: lengths)
        return boost * BM25FScorer.contribution(idf: idf, pseudoFrequency: pseudo, k1: k1)
    }

    /// A per-document test for one block, given the block's skip-data bounds and a threshold: a document
    /// whose frequencies give a score below the threshold even with the block's shortest field lengths
    /// (see `PseudoFrequencyCutoff`) is not worth reading lengths for. Tests nothing without bounds or
    /// a positive threshold below the saturation limit.
    @inline(__always)
    func cutoff(_ bounds: PostingsBlockBounds?, threshold: Double) -> PseudoFrequencyCutoff {
        guard let bounds else { return PseudoFrequencyCutoff() }
        let limit = boost * idf * (k1 + 1)
        guard k1 > 0, threshold > 0, limit.isFinite, limit > threshold else { return PseudoFrequencyCutoff() }
        // score(p) = limit · p / (p + k1) is below `threshold` exactly when p < threshold · k1 / (limit − threshold).
        let exact = threshold * k1 / (limit - threshold)
        // Far up the saturation curve a relative margin on p moves the score too little to beat rounding.
        guard exact.isFinite, exact <= 1e6 * k1 else { return PseudoFrequencyCutoff() }
        let m = bounds.minLength
        return PseudoFrequencyCutoff(
            factors: (table.factor(field: 0, length: m.0), table.factor(field: 1, length: m.1), table.factor(field: 2, length: m.2)),
            pseudoFrequency: exact * (1 - 1e-6))
    }

    /// The saturation limit `boost · idf · (k1 + 1)`, above every score of this leaf, with the margin
    /// of `bound(_:)`.
    var scoreLimit: Double { boost * idf * (k1 + 1) * (1 + 1e-9) }

    /// An upper bound of this leaf's score for any document of a block with these skip-data bounds, from
    /// the smaller of two bounds of its pseudo-frequency: the block's largest pseudo-frequency scaled by
    /// `pseudoFrequencyScale` (when known), and the one its largest frequencies and shortest fields give
    /// (which mixes the highest frequency of one document with the shortest field of another); the
    /// saturation limit when neither is known. Raised by a relative margin of 1e-9: bounds use the same
    /// floating-point operations as scores, which are monotonic but may round differently, and the
    /// margin keeps a bound above every score it bounds.
    @inline(__always)
    func bound(_ bounds: PostingsBlockBounds?) -> Double {
        let limit = boost * idf * (k1 + 1)
        guard let bounds else { return limit * (1 + 1e-9) }
        var pseudo = Double.infinity
        if let maxFrequency = bounds.maxFrequency {
            pseudo = table.pseudoFrequency(tf: masked(maxFrequency), lengths: bounds.minLength)
        }
        if pseudoFrequencyScale > 0, let stored = bounds.maxPseudoFrequency {
            pseudo = min(pseudo, stored * pseudoFrequencyScale)
        }
        guard pseudo.isFinite else { return limit * (1 + 1e-9) }
        return min(limit, boost * BM25FScorer.contribution(idf: idf, pseudoFrequency: pseudo, k1: k1)) * (1 + 1e-9)
    }
}

/// Whether a document of a block can reach a threshold, from its frequencies alone: its pseudo-frequency
/// computed with the block's smallest field lengths (the skip data's, each at most the document's own
/// length where it has the term) is at least its real one — the factors `w_f / norm_f(len)` do not grow
/// with the length, and rounding to nearest keeps that order, so the same sum of products computed with
/// them is not smaller — and a pseudo-frequency below `pseudoFrequency` (the one whose score is the
/// threshold, lowered by a relative margin of 1e-6, far above the rounding of the score's arithmetic)
/// scores below the threshold. Such a document cannot enter the page; its lengths are never read.
struct PseudoFrequencyCutoff {
    /// `w_f / norm_f` at the block's smallest length of each field.
    var factors = (0.0, 0.0, 0.0)
    /// 0 when nothing is tested.
    var pseudoFrequency = 0.0

    /// True when a document with (masked) frequencies `tf` scores below the threshold.
    @inline(__always)
    func excludes(_ tf: (Int, Int, Int)) -> Bool {
        var sum = 0.0
        if tf.0 != 0 { sum += Double(tf.0) * factors.0 }
        if tf.1 != 0 { sum += Double(tf.1) * factors.1 }
        if tf.2 != 0 { sum += Double(tf.2) * factors.2 }
        return sum < pseudoFrequency
    }

    /// `excludes(_:)` computed without a branch per field, for loops over a block: a field whose
    /// frequency is 0 adds 0 × its factor, which is 0 for a finite factor (the sum is then the same) and
    /// NaN for an infinite one (the comparison is then false: nothing is excluded).
    @inline(__always)
    func excludesWithoutBranches(_ tf: (Int, Int, Int)) -> Bool {
        Double(tf.0) * factors.0 + Double(tf.1) * factors.1 + Double(tf.2) * factors.2 < pseudoFrequency
    }
}
