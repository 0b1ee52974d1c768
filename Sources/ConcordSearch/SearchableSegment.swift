/// One immutable segment of an index as the searcher sees it: documents `0..<maxDoc`, some deleted.
///
/// `fieldLength` must be the exact token count the analyzer produced for that field (stop words included),
/// because BM25F length normalisation and phrase positions depend on it.
public protocol SearchableSegment {
    associatedtype Cursor: PostingsCursor
    var maxDoc: Int32 { get }
    func isLive(_ doc: Int32) -> Bool
    /// Exact token count of `field` (0 = title, 1 = summary, 2 = body) in `doc`.
    func fieldLength(_ doc: Int32, field: Int) -> Int
    /// A fresh cursor positioned before the first posting, or nil when the term is absent.
    func postings(for term: String) throws -> Cursor?
    /// The document's external id; called for tie-breaking, so it should be cheap.
    func documentID(_ doc: Int32) throws -> String
    /// Stored fields: "id", "title", "date", "summary", "body", "source", …
    func storedFields(_ doc: Int32) throws -> [String: String]
    /// Number of LIVE documents of this segment containing `term` in any field.
    /// A default implementation scans the postings; segments that know the answer
    /// (e.g. no deletions and a stored document frequency) should override it.
    func liveDocumentFrequency(of term: String) throws -> Int
}

extension SearchableSegment {
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
