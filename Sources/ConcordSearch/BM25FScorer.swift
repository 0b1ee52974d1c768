import ConcordIndex
import Foundation

/// BM25F over the fields title, summary and body, computed in `Double`.
///
/// For a clause t (a term, or a phrase counted as one term) and a document d:
///
///     norm_f(d) = 1 − b_f + b_f · len_f(d) / avglen_f        (norm_f = 1 when avglen_f = 0)
///     tf'(t,d)  = Σ_f  w_f · tf_f(t,d) / norm_f(d)
///     idf(t)    = ln(1 + (N − n_t + 0.5) / (n_t + 0.5))
///     score     = idf(t) · tf' · (k1 + 1) / (tf' + k1)
///
/// where tf_f is the number of occurrences of the term (or of the whole phrase) in field f,
/// len_f the exact token count of field f, avglen_f = (Σ len_f over live docs) / N,
/// N the number of live documents in the whole index and n_t the number of live documents
/// containing t in any field. Defaults: w = (title 2.0, summary 1.0, body 1.0), b = 0.75, k1 = 1.2.
/// A document's score is the sum of the contributions of the scored clauses it matches, each
/// multiplied by its query frequency qtf (how many times the query repeats it, as in Lucene, tantivy
/// and Xapian, where a repeated word is a stronger signal), added in query clause order:
///
///     score(d) = Σ_t qtf(t) · idf(t) · tf' · (k1 + 1) / (tf' + k1)
public struct BM25FScorer: Sendable, Equatable {
    public var k1: Double
    /// Per field (indexed by `SearchField.rawValue`).
    public var weights: [Double]
    /// Per field length-normalisation strength.
    public var b: [Double]

    public init(k1: Double = 1.2, weights: [Double] = [2.0, 1.0, 1.0], b: [Double] = [0.75, 0.75, 0.75]) {
        self.k1 = k1
        self.weights = weights
        self.b = b
    }

    /// `ln(1 + (N − n + 0.5) / (n + 0.5))`.
    public func idf(documentCount: Int, documentFrequency: Int) -> Double {
        let n = Double(documentFrequency)
        return log(1 + (Double(documentCount) - n + 0.5) / (n + 0.5))
    }

    /// The saturated contribution `idf · tf' · (k1 + 1) / (tf' + k1)`.
    public func contribution(idf: Double, pseudoFrequency: Double) -> Double {
        Self.contribution(idf: idf, pseudoFrequency: pseudoFrequency, k1: k1)
    }

    /// The saturated contribution, the one formula every score and bound uses.
    @inline(__always)
    static func contribution(idf: Double, pseudoFrequency: Double, k1: Double) -> Double {
        idf * pseudoFrequency * (k1 + 1) / (pseudoFrequency + k1)
    }

    /// Precomputed length normalisation for one index: `norm_f(len) = oneMinusB_f + bOverAverage_f · len`,
    /// and `w_f / norm_f(len)` tabulated for short fields (most lengths), so scoring a document costs a
    /// multiplication per field instead of a division.
    struct Normalizer {
        static let tabulatedLengths = 256

        /// avglen_f per field, as given.
        let averageLengths: [Double]
        /// The scorer's weights and b per field.
        let weights: [Double]
        let b: [Double]
        /// The arithmetic, as a trivially copyable value (hot loops copy it without reference counting);
        /// its table lives in `storage`, as long as this normalizer.
        let table: Table
        private let storage: FactorStorage

        /// `norm_f` and the tabulated `w_f / norm_f(len)` (for `len < tabulatedLengths`, field-major).
        struct Table {
            let oneMinusB: (Double, Double, Double)
            let bOverAverage: (Double, Double, Double)
            let weights: (Double, Double, Double)
            let factors: UnsafePointer<Double>
            /// Every factor, tabulated or computed, is finite and not negative (the usual case: b < 1 and
            /// finite weights not below 0), so that a field whose frequency is 0 may be added as 0 × its
            /// factor = +0, which leaves the sum's bits unchanged: `pseudoFrequency` then needs no branch
            /// per field (whether a term occurs in a field varies from document to document, and each
            /// mispredicted branch cost more than the multiplication it saved).
            var factorsAreFinite = false

            func computedFactor(field: Int, length: Int) -> Double {
                let weight = field == 0 ? weights.0 : field == 1 ? weights.1 : weights.2
                return weight / norm(field: field, length: length)
            }

            /// `w_f / norm_f(length)`.
            @inline(__always)
            func factor(field: Int, length: Int) -> Double {
                length < Normalizer.tabulatedLengths
                    ? factors[field &* Normalizer.tabulatedLengths &+ length]
                    : computedFactor(field: field, length: length)
            }

            /// tf' from per-field term frequencies and field lengths (same arithmetic for search and explain).
            @inline(__always)
            func pseudoFrequency(tf: (Int, Int, Int), lengths: (Int, Int, Int)) -> Double {
                var sum = 0.0
                if factorsAreFinite {
                    // The additions below in the same order, a term of a field without the word being +0.
                    sum += Double(tf.0) * factor(field: 0, length: lengths.0)
                    sum += Double(tf.1) * factor(field: 1, length: lengths.1)
                    sum += Double(tf.2) * factor(field: 2, length: lengths.2)
                    return sum
                }
                if tf.0 != 0 { sum += Double(tf.0) * factor(field: 0, length: lengths.0) }
                if tf.1 != 0 { sum += Double(tf.1) * factor(field: 1, length: lengths.1) }
                if tf.2 != 0 { sum += Double(tf.2) * factor(field: 2, length: lengths.2) }
                return sum
            }

            func norm(field: Int, length: Int) -> Double {
                switch field {
                case 0: return oneMinusB.0 + bOverAverage.0 * Double(length)
                case 1: return oneMinusB.1 + bOverAverage.1 * Double(length)
                default: return oneMinusB.2 + bOverAverage.2 * Double(length)
                }
            }
        }

        /// Owns the factor table.
        private final class FactorStorage {
            let pointer: UnsafeMutablePointer<Double>
            init(count: Int) {
                pointer = .allocate(capacity: count)
                pointer.initialize(repeating: 0, count: count)
            }
            deinit { pointer.deallocate() }
        }

        init(scorer: BM25FScorer, averageLengths: [Double]) {
            self.averageLengths = averageLengths
            weights = scorer.weights
            b = scorer.b
            func parts(_ field: Int) -> (Double, Double) {
                let average = averageLengths[field]
                guard average > 0, average.isFinite else { return (1, 0) }
                return (1 - scorer.b[field], scorer.b[field] / average)
            }
            let (a0, s0) = parts(0), (a1, s1) = parts(1), (a2, s2) = parts(2)
            let storage = FactorStorage(count: 3 * Self.tabulatedLengths)
            var table = Table(oneMinusB: (a0, a1, a2), bOverAverage: (s0, s1, s2),
                              weights: (scorer.weights[0], scorer.weights[1], scorer.weights[2]),
                              factors: UnsafePointer(storage.pointer))
            for field in 0..<3 {
                for length in 0..<Self.tabulatedLengths {
                    storage.pointer[field * Self.tabulatedLengths + length] = table.computedFactor(field: field, length: length)
                }
            }
            // A computed factor (a longer field) lies between 0 and the last tabulated one, since norm_f
            // grows with the length: finite when the tabulated ones are.
            let tabulated = UnsafeBufferPointer(start: storage.pointer, count: 3 * Self.tabulatedLengths)
            table.factorsAreFinite = tabulated.allSatisfy { $0.isFinite && $0 >= 0 }
                && scorer.weights.allSatisfy { $0.isFinite && $0 >= 0 } && scorer.b.allSatisfy { $0 >= 0 && $0 <= 1 }
            self.storage = storage
            self.table = table
        }

        /// `w_f / norm_f(length)`.
        @inline(__always)
        func factor(field: Int, length: Int) -> Double { table.factor(field: field, length: length) }

        /// tf' from per-field term frequencies and field lengths (same arithmetic for search and explain).
        @inline(__always)
        func pseudoFrequency(tf: (Int, Int, Int), lengths: (Int, Int, Int)) -> Double {
            table.pseudoFrequency(tf: tf, lengths: lengths)
        }

        func norm(field: Int, length: Int) -> Double { table.norm(field: field, length: length) }

        /// The factor S by which a block's largest pseudo-frequency under a segment's `parameters`
        /// (written with that segment's averages) bounds every pseudo-frequency this normalizer computes
        /// for the block's documents, or 0 when there is none (different b, or an average not usable):
        ///
        ///     S = max over fields f with avglen_w,f > 0 of  (w_f / w_w,f) · max(1, avglen_f / avglen_w,f)
        ///
        /// where `_w` marks the segment's parameters and the plain names this normalizer's. Proof, for a
        /// document d with tf_f > 0 (so len_f ≥ 1 and avglen_w,f > 0: a field of average 0 holds no
        /// token), b_f = b_w,f ∈ [0, 1] and r = avglen_f / avglen_w,f:
        /// norm_w,f(d) = 1 − b + b·len·r/avglen_f. If r ≥ 1, then, since 1 − b ≥ 0,
        /// norm_w,f(d) ≤ r·(1 − b) + r·b·len/avglen_f = r·norm_f(d); if r < 1, norm_w,f(d) ≤ norm_f(d).
        /// So w_f·tf_f/norm_f(d) ≤ (w_f/w_w,f)·max(1, r)·w_w,f·tf_f/norm_w,f(d) for every field, and
        /// summing, P(d) ≤ S · P_w(d) ≤ S · (the block's stored largest P_w, rounded up when written).
        /// A field-restricted leaf drops fields from P(d), which only lowers it. Floating-point rounding
        /// of these few operations is covered by the relative margin `LeafKernel.bound` adds.
        func pseudoFrequencyScale(for parameters: BlockScoreParameters?) -> Double {
            guard let parameters else { return 0 }
            let writtenAverages = [parameters.averageLengths.0, parameters.averageLengths.1, parameters.averageLengths.2]
            let writtenWeights = [parameters.weights.0, parameters.weights.1, parameters.weights.2]
            let writtenB = [parameters.b.0, parameters.b.1, parameters.b.2]
            var scale = 0.0
            for f in 0..<3 {
                guard writtenAverages[f] > 0 else { continue }
                let average = averageLengths[f]
                guard b[f] == writtenB[f], b[f] >= 0, b[f] <= 1, writtenWeights[f] > 0, weights[f] >= 0, weights[f].isFinite,
                      average > 0, average.isFinite else { return 0 }
                scale = max(scale, weights[f] / writtenWeights[f] * max(1, average / writtenAverages[f]))
            }
            return scale.isFinite ? scale : 0
        }
    }
}
