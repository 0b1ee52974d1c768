import ConcordStorage

/// The BM25F parameters with which a segment's writer computed the per-block score bounds of its skip
/// entries (the largest pseudo-frequency of a block, see FORMAT.md): per field (title, summary, body)
/// the segment's average length, the weight and the length-normalisation strength b.
///
/// The pseudo-frequency of a document for a term is
///
///     P(d) = Σ_f  w_f · tf_f(d) / (1 − b_f + b_f · len_f(d) / avglen_f)      (fields with tf_f = 0 omitted)
///
/// with `avglen_f` = the segment's total length of field f over its documents / its document count.
/// A skip entry keeps the largest P(d) of its block's documents, rounded up to a `Float`
/// (`storedBound`), so it is never below any of them. A searcher whose weights and b are these can
/// turn it into a bound under its own (index-wide) averages: see `ConcordSearch`'s `LeafKernel`.
public struct BlockScoreParameters: Sendable, Equatable {
    /// The weights and b a writer uses: Concord's default BM25F weighting (title 2, summary 1, body 1; b 0.75).
    public static let writerWeights: (Double, Double, Double) = (2.0, 1.0, 1.0)
    public static let writerB: (Double, Double, Double) = (0.75, 0.75, 0.75)
    /// Bytes of the encoded parameters (nine `Double`s).
    static let byteCount = 72

    public let averageLengths: (Double, Double, Double)
    public let weights: (Double, Double, Double)
    public let b: (Double, Double, Double)

    public init(averageLengths: (Double, Double, Double), weights: (Double, Double, Double), b: (Double, Double, Double)) {
        self.averageLengths = averageLengths
        self.weights = weights
        self.b = b
    }

    /// The writer's parameters for a segment whose documents have these field lengths (`IndexField.count`
    /// per document, document-major).
    init(interleavedLengths lengths: [UInt32]) {
        var totals: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var i = 0
        while i + 2 < lengths.count {
            totals.0 += UInt64(lengths[i])
            totals.1 += UInt64(lengths[i + 1])
            totals.2 += UInt64(lengths[i + 2])
            i += 3
        }
        let count = Double(max(lengths.count / IndexField.count, 1))
        self.init(averageLengths: (Double(totals.0) / count, Double(totals.1) / count, Double(totals.2) / count),
                  weights: Self.writerWeights, b: Self.writerB)
    }

    public static func == (x: BlockScoreParameters, y: BlockScoreParameters) -> Bool {
        x.averageLengths == y.averageLengths && x.weights == y.weights && x.b == y.b
    }

    /// `w_f / (1 − b_f + b_f · length / avglen_f)`; 0 for a field of average length 0 (no document of
    /// the segment has a token there, so no term has a frequency there).
    @inline(__always)
    func factor(field: Int, length: UInt32) -> Double {
        let (average, weight, b) = field == 0 ? (averageLengths.0, weights.0, self.b.0)
            : field == 1 ? (averageLengths.1, weights.1, self.b.1) : (averageLengths.2, weights.2, self.b.2)
        guard average > 0 else { return 0 }
        return weight / (1 - b + b * Double(length) / average)
    }

    /// P(d) of a document with these frequencies and field lengths.
    @inline(__always)
    func pseudoFrequency(frequencies: (UInt32, UInt32, UInt32), lengths: (UInt32, UInt32, UInt32)) -> Double {
        var sum = 0.0
        if frequencies.0 != 0 { sum += Double(frequencies.0) * factor(field: 0, length: lengths.0) }
        if frequencies.1 != 0 { sum += Double(frequencies.1) * factor(field: 1, length: lengths.1) }
        if frequencies.2 != 0 { sum += Double(frequencies.2) * factor(field: 2, length: lengths.2) }
        return sum
    }

    /// `value` as the smallest `Float` not below it (the stored form of a block's largest P(d)).
    static func storedBound(_ value: Double) -> Float {
        let rounded = Float(value)
        return Double(rounded) < value ? rounded.nextUp : rounded
    }

    func write(to writer: inout ByteWriter) {
        for value in [averageLengths.0, averageLengths.1, averageLengths.2, weights.0, weights.1, weights.2, b.0, b.1, b.2] {
            writer.writeDouble(value)
        }
    }

    /// Reads the parameters, which must be finite, averages and weights non-negative and b in [0, 1]
    /// (what makes the bounds a searcher derives from them valid).
    static func read(_ reader: inout ByteReader) throws -> BlockScoreParameters {
        var values: [Double] = []
        for _ in 0..<9 {
            let value = try reader.readDouble()
            guard value.isFinite, value >= 0 else { throw reader.corrupt("block-bound parameter \(value) out of range") }
            values.append(value)
        }
        guard values[6...8].allSatisfy({ $0 <= 1 }) else { throw reader.corrupt("block-bound b out of range") }
        return BlockScoreParameters(averageLengths: (values[0], values[1], values[2]), weights: (values[3], values[4], values[5]),
                                    b: (values[6], values[7], values[8]))
    }
}
