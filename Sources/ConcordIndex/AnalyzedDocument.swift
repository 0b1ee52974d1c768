/// A document ready for the index: its stored fields, per indexed field its terms with positions, and its
/// column values (date interval, keyword fields).
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
    /// The document's date as a day interval (the column `dateInterval(_:)` reads), nil when undated.
    public var dateInterval: DayInterval?
    /// Keyword (metadata) field values, exact-match: field name → value. Names and values are kept as given.
    public var keywords: [String: String]

    public init(id: String, contentHash: UInt64, storedFields: [(name: String, value: String)], terms: [[Posting]],
                dateInterval: DayInterval? = nil, keywords: [String: String] = [:]) {
        precondition(terms.count == IndexField.count, "one term list per indexed field")
        self.id = id
        self.contentHash = contentHash
        self.storedFields = storedFields
        self.terms = terms
        self.dateInterval = dateInterval
        self.keywords = keywords
    }
}
