/// One ranked document: where it lives in the index, its external id, its BM25F score,
/// its stored fields and, when asked for, the explanation of the score.
public struct SearchHit: Sendable {
    /// Index into `SearchableIndex.segments`.
    public var segment: Int
    /// Document number within that segment.
    public var doc: Int32
    public var id: String
    public var score: Double
    /// The stored fields in stored order; when a name repeats, its last value is the one that counts
    /// (as in `storedFields`).
    public var fields: [(name: String, value: String)]
    public var explanation: Explanation?

    public init(
        segment: Int, doc: Int32, id: String, score: Double,
        fields: [(name: String, value: String)], explanation: Explanation? = nil
    ) {
        self.segment = segment
        self.doc = doc
        self.id = id
        self.score = score
        self.fields = fields
        self.explanation = explanation
    }

    /// A hit whose stored fields are given by name (kept in ascending name order).
    public init(
        segment: Int, doc: Int32, id: String, score: Double,
        storedFields: [String: String], explanation: Explanation? = nil
    ) {
        self.init(segment: segment, doc: doc, id: id, score: score,
                  fields: storedFields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, explanation: explanation)
    }

    /// The stored fields by name.
    public var storedFields: [String: String] {
        var byName = [String: String](minimumCapacity: fields.count)
        for field in fields { byName[field.name] = field.value }
        return byName
    }

    /// The value of the stored field `name` (its last value when the name repeats), nil when absent;
    /// a scan of a few fields, cheaper than building `storedFields`.
    public func storedField(_ name: String) -> String? {
        for field in fields.reversed() where field.name == name { return field.value }
        return nil
    }
}
