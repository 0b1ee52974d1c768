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

    @inline(__always)
    func masked(_ tf: (Int, Int, Int)) -> (Int, Int, Int) {
        switch field {
        case 0: return (tf.0, 0, 0)
        case 1: return (0, tf.1, 0)
        case 2: return (0, 0, tf.2)
        default: return tf
        }
    }

    @inline(__always)
    func score<Segment: SearchableSegment>(tf: (Int, Int, Int), doc: Int32, segment: Segment) -> Double {
        var lengths = (-1, -1, -1)
        if tf.0 != 0 { lengths.0 = segment.fieldLength(doc, field: 0) }
        if tf.1 != 0 { lengths.1 = segment.fieldLength(doc, field: 1) }
        if tf.2 != 0 { lengths.2 = segment.fieldLength(doc, field: 2) }
        let pseudo = normalizer.pseudoFrequency(tf: tf, lengths: lengths)
        return boost * scorer.contribution(idf: idf, pseudoFrequency: pseudo)
    }

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
