import ConcordIndex

/// The on-disk index (an `IndexReader` at one commit) seen through the search protocols.
public struct OnDiskIndex: SearchableIndex {
    public let reader: IndexReader
    public let segments: [OnDiskSegment]

    public init(reader: IndexReader) {
        self.reader = reader
        segments = reader.segments.map(OnDiskSegment.init)
    }

    public var liveDocumentCount: Int { reader.liveDocumentCount }

    public func totalFieldLength(field: Int) -> Int { reader.totalFieldLength(field: field) }
}

/// One on-disk segment seen through `SearchableSegment`.
public struct OnDiskSegment: SearchableSegment {
    public let reader: SegmentReader

    public init(_ reader: SegmentReader) { self.reader = reader }

    public var maxDoc: Int32 { Int32(reader.maxDoc) }

    @inline(__always)
    public func isLive(_ doc: Int32) -> Bool { reader.isLive(Int(doc)) }

    public var mayHaveDeletions: Bool { reader.deletions != nil }

    public var blockScoreParameters: BlockScoreParameters? { reader.blockScoreParameters }

    @inline(__always)
    public func fieldLength(_ doc: Int32, field: Int) -> Int { reader.fieldLength(Int(doc), field: field) }

    @inline(__always)
    public func fieldLengths(_ doc: Int32) -> (Int, Int, Int) { reader.fieldLengths(Int(doc)) }

    public func postings(for term: String) throws -> SegmentPostings? { try reader.postings(for: term) }

    public func documentID(_ doc: Int32) throws -> String { try reader.documentID(Int(doc)) }

    /// `doc`'s stored fields as one compact value (a hit's fields without a dictionary or a string per field).
    public func storedDocument(_ doc: Int32) throws -> StoredDocument { try reader.storedDocument(Int(doc)) }

    /// `storedDocument(doc)` given `doc`'s id (a hit's), which is then not decoded again.
    public func storedDocument(_ doc: Int32, id: String) throws -> StoredDocument { try reader.storedDocument(Int(doc), id: id) }

    /// The value of `doc`'s stored field `name` (nil when it has none), no other value decoded.
    public func storedField(_ doc: Int32, named name: String) throws -> String? { try reader.storedField(Int(doc), named: name) }

    public func storedFields(_ doc: Int32) throws -> [String: String] {
        let document = try reader.storedDocument(Int(doc))
        var fields = [String: String](minimumCapacity: document.count)
        for i in 0..<document.count { fields[document.name(at: i)] = document.value(at: i) }
        return fields
    }

    public func storedFieldList(_ doc: Int32, id: String) throws -> [(name: String, value: String)] {
        try reader.storedFields(Int(doc), id: id)
    }

    public func liveDocumentFrequency(of term: String) throws -> Int { try reader.liveDocumentFrequency(term) }

    // Column values (the segment's `.col` file), not stored fields.

    @inline(__always)
    public func dateInterval(_ doc: Int32) throws -> DayInterval? { reader.dateInterval(Int(doc)) }

    public func keywordValue(field name: String, doc: Int32) throws -> String? {
        reader.keywordValue(field: name, doc: Int(doc))
    }

    /// Names of the keyword fields some document of this segment has (ascending byte order).
    public var keywordFields: [String] { reader.keywordFields }

    /// The column of keyword field `name` (nil when no document of the segment has it): resolve a filter
    /// value once with `ordinal(of:)`, then compare `ordinal(doc)` per document; count facets per ordinal.
    public func keywordColumn(_ name: String) -> KeywordColumn? { reader.keywordColumn(name) }

    /// The segment-local ordinal of `doc`'s value of `field`, nil when it has none.
    public func keywordOrdinal(field name: String, doc: Int32) -> Int? { reader.keywordOrdinal(field: name, doc: Int(doc)) }

    /// The segment-local ordinal of `value` in `field`'s dictionary, nil when no document has it.
    public func ordinal(of value: String, field name: String) -> Int? { reader.ordinal(of: value, field: name) }

    public func forEachTerm(withPrefix prefix: String, _ body: (String, Int) throws -> Bool) throws {
        try reader.forEachTerm(withPrefix: Array(prefix.utf8)) { bytes, df in
            try body(String(decoding: bytes, as: UTF8.self), df)
        }
    }

    public func walkTerms(startingWith required: [UInt8],
                          _ body: (UnsafeRawBufferPointer, Int, Int) throws -> TermWalkStep) throws {
        try reader.walkTerms(startingWith: required, body)
    }
}

extension SegmentPostings: PostingsCursor {
    public func nextBlockSummary() -> (count: Int, bounds: PostingsBlockBounds)? {
        nextBlockSkipSummary().map {
            ($0.count, PostingsBlockBounds(maxFrequency: $0.maxFrequency, minLength: $0.minLength, maxPseudoFrequency: $0.maxPseudoFrequency))
        }
    }

    public func blockBounds() -> PostingsBlockBounds? {
        blockSkipBounds().map {
            PostingsBlockBounds(maxFrequency: $0.maxFrequency, minLength: $0.minLength, maxPseudoFrequency: $0.maxPseudoFrequency)
        }
    }
}

/// A searcher over the on-disk index, compiled inside this module so the generic matching code is
/// specialised for `OnDiskIndex` (a generic `Searcher` used from another module runs unspecialised,
/// measured about 10× slower).
public struct OnDiskSearcher {
    private let searcher: Searcher<OnDiskIndex>

    public init(index: OnDiskIndex, scorer: BM25FScorer = BM25FScorer()) {
        searcher = Searcher(index: index, scorer: scorer)
    }

    public func search(_ query: Query, page: Int = 1, limit: Int = 10, explain: Bool = false) throws -> SearchResults {
        try searcher.search(query, page: page, limit: limit, explain: explain)
    }

    public func search(_ query: QueryNode, options: SearchOptions) throws -> SearchResults {
        try searcher.search(query, options: options)
    }

    /// `min(total, limit)` for `query` (see `Searcher.count(_:upTo:)`).
    public func count(_ query: QueryNode, upTo limit: Int) throws -> Int {
        try searcher.count(query, upTo: limit)
    }
}
