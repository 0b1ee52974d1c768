/// One ranked document: where it lives in the index, its external id, its BM25F score,
/// its stored fields and, when asked for, the explanation of the score.
public struct SearchHit: Sendable {
    /// Index into `SearchableIndex.segments`.
    public var segment: Int
    /// Document number within that segment.
    public var doc: Int32
    public var id: String
    public var score: Double
    public var storedFields: [String: String]
    public var explanation: Explanation?

    public init(
        segment: Int, doc: Int32, id: String, score: Double,
        storedFields: [String: String], explanation: Explanation? = nil
    ) {
        self.segment = segment
        self.doc = doc
        self.id = id
        self.score = score
        self.storedFields = storedFields
        self.explanation = explanation
    }
}
