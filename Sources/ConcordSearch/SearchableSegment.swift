import ConcordIndex

/// One immutable segment of an index as the searcher sees it: documents `0..<maxDoc`, some deleted.
///
/// `fieldLength` must be the exact token count the analyzer produced for that field (stop words included),
/// because BM25F length normalisation and phrase positions depend on it.
public protocol SearchableSegment {
    associatedtype Cursor: PostingsCursor
    var maxDoc: Int32 { get }
    func isLive(_ doc: Int32) -> Bool
    /// False only when every document `0..<maxDoc` is live (then matches may be counted from postings
    /// alone); the default says nothing.
    var mayHaveDeletions: Bool { get }
    /// Exact token count of `field` (0 = title, 1 = summary, 2 = body) in `doc`.
    func fieldLength(_ doc: Int32, field: Int) -> Int
    /// `doc`'s three field lengths, as `fieldLength` gives them (read together where that is cheaper).
    func fieldLengths(_ doc: Int32) -> (Int, Int, Int)
    /// A fresh cursor positioned before the first posting, or nil when the term is absent.
    func postings(for term: String) throws -> Cursor?
    /// The document's external id; called for tie-breaking, so it should be cheap.
    func documentID(_ doc: Int32) throws -> String
    /// Stored fields: "id", "title", "date", "summary", "body", "source", …
    func storedFields(_ doc: Int32) throws -> [String: String]
    /// The stored fields in stored order (as `SearchHit.fields`), given `doc`'s id (`documentID(doc)`),
    /// which a segment may then take instead of decoding it again.
    func storedFieldList(_ doc: Int32, id: String) throws -> [(name: String, value: String)]
    /// Number of LIVE documents of this segment containing `term` in any field.
    /// A default implementation scans the postings; segments that know the answer
    /// (e.g. no deletions and a stored document frequency) should override it.
    func liveDocumentFrequency(of term: String) throws -> Int

    // Per-document values for filters, sorting and facets (a column, not stored fields, on disk).

    /// The document's date as a day interval (see `DayInterval`), nil when it has no date.
    func dateInterval(_ doc: Int32) throws -> DayInterval?
    /// The value of the exact-match keyword field `name` (a metadata field such as "collection"),
    /// as written in the corpus; nil when the document has none.
    func keywordValue(field name: String, doc: Int32) throws -> String?
    /// Calls `body` with every term of the segment that starts with `prefix` ("" for all terms), in
    /// UTF-8 byte order, with its document frequency (deleted documents included); `body` returns
    /// false to stop.
    func forEachTerm(withPrefix prefix: String, _ body: (String, Int) throws -> Bool) throws
    /// Calls `body` with every term of the segment (UTF-8 bytes, ascending; valid during the call only),
    /// how many leading bytes it shares with the term visited before it (0 for the first), and its
    /// document frequency (deleted documents included); `body` may skip all following terms that share a
    /// prefix with the one it got (see `TermWalkStep`). Segments with a sorted dictionary jump past
    /// skipped terms without reading them. With a non-empty `required` prefix only the terms that start
    /// with it are visited (as if the others were not there).
    func walkTerms(startingWith required: [UInt8], _ body: (UnsafeRawBufferPointer, Int, Int) throws -> TermWalkStep) throws
    /// True when some document of the segment has a value for the keyword field `name` (query fields
    /// such as `collection:` are checked against it).
    func hasKeywordField(_ name: String) throws -> Bool
    /// The parameters under which the cursors' `PostingsBlockBounds.maxPseudoFrequency` were computed
    /// (nil when the cursors report none).
    var blockScoreParameters: BlockScoreParameters? { get }
}

/// Stored fields that are not metadata (keyword) fields.
public let reservedStoredFields: Set<String> = ["id", "title", "date", "summary", "body", "source", "line", "language"]

extension SearchableSegment {
    /// Fallback: one field at a time.
    @inline(__always)
    public func fieldLengths(_ doc: Int32) -> (Int, Int, Int) {
        (fieldLength(doc, field: 0), fieldLength(doc, field: 1), fieldLength(doc, field: 2))
    }

    /// Fallback: `storedFields(doc)` in ascending name order (the id is not needed).
    public func storedFieldList(_ doc: Int32, id: String) throws -> [(name: String, value: String)] {
        try storedFields(doc).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Fallback: unknown.
    public var mayHaveDeletions: Bool { true }

    /// Fallback: no pseudo-frequency bounds.
    public var blockScoreParameters: BlockScoreParameters? { nil }

    /// Fallback: parses the stored ISO date (`1950`, `1950-10`, `1950-10-08`).
    public func dateInterval(_ doc: Int32) throws -> DayInterval? {
        guard let text = try storedFields(doc)["date"] else { return nil }
        return DayInterval(isoDate: text)
    }

    /// Fallback: the stored field of that name, unless it is a reserved field.
    public func keywordValue(field name: String, doc: Int32) throws -> String? {
        guard !reservedStoredFields.contains(name) else { return nil }
        return try storedFields(doc)[name]
    }

    /// Fallback: looks for the first document whose stored fields hold `name` (not a reserved field).
    public func hasKeywordField(_ name: String) throws -> Bool {
        guard !reservedStoredFields.contains(name) else { return false }
        var doc: Int32 = 0
        while doc < maxDoc {
            if isLive(doc), try storedFields(doc)[name] != nil { return true }
            doc += 1
        }
        return false
    }

    /// Fallback: every term through `forEachTerm(withPrefix:)`, skipped ones compared and passed over.
    public func walkTerms(startingWith required: [UInt8],
                          _ body: (UnsafeRawBufferPointer, Int, Int) throws -> TermWalkStep) throws {
        var skipped: [UInt8]?
        var kept: ASCIIByteSet?
        var previous: [UInt8] = []
        try forEachTerm(withPrefix: String(decoding: required, as: UTF8.self)) { term, df in
            let bytes = Array(term.utf8)
            guard bytes.starts(with: required) else { return true }
            if let prefix = skipped {
                if bytes.starts(with: prefix), kept.map({ bytes.count > prefix.count && !$0.contains(bytes[prefix.count]) }) ?? true {
                    return true
                }
                skipped = nil
                kept = nil
            }
            let shared = zip(bytes, previous).prefix { $0 == $1 }.count
            previous = bytes
            switch try bytes.withUnsafeBytes({ try body($0, shared, df) }) {
            case .next: return true
            case .stop: return false
            case .skip(let length):
                skipped = Array(bytes.prefix(max(length, 0)))
                return true
            case .skipExtensions(let length, let next):
                skipped = Array(bytes.prefix(max(length, 0)))
                kept = next
                return true
            }
        }
    }

    /// The walk of `walkTerms(startingWith:_:)` over every term.
    public func walkTerms(_ body: (UnsafeRawBufferPointer, Int, Int) throws -> TermWalkStep) throws {
        try walkTerms(startingWith: [], body)
    }

    /// The walk of `walkTerms(startingWith:_:)` over every term, each as an array, without the shared length.
    public func walkTerms(_ body: ([UInt8], Int) throws -> TermWalkStep) throws {
        try walkTerms(startingWith: []) { term, _, df in try body(Array(term), df) }
    }

    public func liveDocumentFrequency(of term: String) throws -> Int {
        guard var cursor = try postings(for: term) else { return 0 }
        var count = 0
        var doc = try cursor.next()
        while doc != Int32.max {
            if isLive(doc) { count += 1 }
            doc = try cursor.next()
        }
        return count
    }
}
