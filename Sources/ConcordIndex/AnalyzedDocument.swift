/// A document ready for the index: its stored fields and, per indexed field, its terms with positions.
///
/// The length of a field is the number of its tokens (`terms[f].count`); positions must be ascending
/// within a field and below 2^30.
public struct AnalyzedDocument: Sendable {
    /// One term occurrence in a field.
    public struct Posting: Equatable, Sendable {
        public var term: String
        public var position: UInt32
        public init(term: String, position: UInt32) {
            self.term = term
            self.position = position
        }
    }

    public var id: String
    public var contentHash: UInt64
    /// Stored fields in a stable order (names unique).
    public var storedFields: [(name: String, value: String)]
    /// Exactly `IndexField.count` arrays, indexed by `IndexField.rawValue`.
    public var terms: [[Posting]]

    public init(id: String, contentHash: UInt64, storedFields: [(name: String, value: String)], terms: [[Posting]]) {
        precondition(terms.count == IndexField.count, "one term list per indexed field")
        self.id = id
        self.contentHash = contentHash
        self.storedFields = storedFields
        self.terms = terms
    }
}
