/// A document ready for the index: its stored fields, per indexed field its terms with positions, and its
/// column values (date interval, keyword fields).
///
/// Each field is held compactly (`FieldTerms`: its distinct terms once, then four bytes per token), so a
/// document of tens of millions of tokens costs about as much memory as its text, not ten times more.
/// The length of a field is the number of its tokens; positions must be ascending within a field and
/// below 2^30.
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

    /// The tokens of one field: `termIndices[i]` is the `vocabulary` index of token `i`, and
    /// `positions[i]` its position — or, when `positions` is empty, the positions are simply `0, 1, 2, …`.
    /// `vocabulary` may repeat a term (a small field need not be deduplicated); a large one holds each
    /// term once, which is what keeps a huge field compact.
    public struct FieldTerms: Equatable, Sendable {
        public var vocabulary: [String]
        public var termIndices: [UInt32]
        public var positions: [UInt32]
        /// Empty, or one key per `vocabulary` entry in the document's `termKeySpace`: entries with the same
        /// key (≥ 0) in one space are the same term, so the index builder looks each key's term up once
        /// per space rather than once per token. −1: no key.
        public var termKeys: [Int32]

        public init(vocabulary: [String] = [], termIndices: [UInt32] = [], positions: [UInt32] = [], termKeys: [Int32] = []) {
            precondition(positions.isEmpty || positions.count == termIndices.count, "one position per token")
            precondition(zip(positions, positions.dropFirst()).allSatisfy { $0 < $1 }, "ascending positions")
            precondition(termKeys.isEmpty || termKeys.count == vocabulary.count, "one key per vocabulary entry")
            self.vocabulary = vocabulary
            self.termIndices = termIndices
            self.positions = positions
            self.termKeys = termKeys
        }

        /// The same tokens from a list of postings.
        public init(_ postings: [Posting]) {
            var index: [String: UInt32] = [:]
            var vocabulary: [String] = []
            var termIndices: [UInt32] = []
            termIndices.reserveCapacity(postings.count)
            var contiguous = true
            for (i, posting) in postings.enumerated() {
                let k = index[posting.term] ?? {
                    vocabulary.append(posting.term)
                    index[posting.term] = UInt32(vocabulary.count - 1)
                    return UInt32(vocabulary.count - 1)
                }()
                termIndices.append(k)
                if posting.position != UInt32(truncatingIfNeeded: i) { contiguous = false }
            }
            self.init(vocabulary: vocabulary, termIndices: termIndices,
                      positions: contiguous ? [] : postings.map(\.position))
        }

        /// Number of tokens: the field's length.
        public var count: Int { termIndices.count }

        /// Position of token `i`.
        @inline(__always)
        public func position(_ i: Int) -> UInt32 { positions.isEmpty ? UInt32(truncatingIfNeeded: i) : positions[i] }

        /// The tokens as postings (expanded: for tests and small documents).
        public var postings: [Posting] {
            termIndices.indices.map { Posting(term: vocabulary[Int(termIndices[$0])], position: position($0)) }
        }
    }

    public var id: String
    public var contentHash: UInt64
    /// Stored fields in a stable order (names unique).
    public var storedFields: [(name: String, value: String)]
    /// Exactly `IndexField.count` fields, indexed by `IndexField.rawValue`.
    public var fields: [FieldTerms]
    /// The document's date as a day interval (the column `dateInterval(_:)` reads), nil when undated.
    public var dateInterval: DayInterval?
    /// Keyword (metadata) field values, exact-match: field name → value. Names and values are kept as given.
    public var keywords: [String: String]
    /// What the fields' `termKeys` are keys in (any object that names one key-to-term mapping for as long as
    /// it lives; nil when no field has keys). Keys only spare the builder work: the terms are what count.
    public var termKeySpace: (AnyObject & Sendable)?

    /// Postings per field, indexed by `IndexField.rawValue` (expanded from `fields`).
    public var terms: [[Posting]] { fields.map(\.postings) }

    public init(id: String, contentHash: UInt64, storedFields: [(name: String, value: String)], fields: [FieldTerms],
                dateInterval: DayInterval? = nil, keywords: [String: String] = [:]) {
        precondition(fields.count == IndexField.count, "one term list per indexed field")
        self.id = id
        self.contentHash = contentHash
        self.storedFields = storedFields
        self.fields = fields
        self.dateInterval = dateInterval
        self.keywords = keywords
    }

    public init(id: String, contentHash: UInt64, storedFields: [(name: String, value: String)], terms: [[Posting]],
                dateInterval: DayInterval? = nil, keywords: [String: String] = [:]) {
        self.init(id: id, contentHash: contentHash, storedFields: storedFields, fields: terms.map(FieldTerms.init),
                  dateInterval: dateInterval, keywords: keywords)
    }
}
