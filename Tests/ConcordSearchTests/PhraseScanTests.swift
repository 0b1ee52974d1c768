import ConcordAnalysis
import Testing
@testable import ConcordSearch

/// Counts what a phrase scan asks of its cursors.
private final class CursorUse {
    var positionReads = 0
}

private struct CountingCursor: PostingsCursor {
    var inner: InMemoryPostingsCursor
    let use: CursorUse
    var doc: Int32 { inner.doc }
    var documentFrequency: Int { inner.documentFrequency }
    mutating func next() throws -> Int32 { try inner.next() }
    mutating func advance(to target: Int32) throws -> Int32 { try inner.advance(to: target) }
    func frequency(inField field: Int) -> Int { inner.frequency(inField: field) }
    mutating func positions(inField field: Int) throws -> [Int32] {
        use.positionReads += 1
        return try inner.positions(inField: field)
    }
}

/// An in-memory segment whose cursors count position reads.
private struct CountingSegment: SearchableSegment {
    let inner: InMemorySegment
    let use = CursorUse()
    var maxDoc: Int32 { inner.maxDoc }
    func isLive(_ doc: Int32) -> Bool { inner.isLive(doc) }
    func fieldLength(_ doc: Int32, field: Int) -> Int { inner.fieldLength(doc, field: field) }
    func postings(for term: String) throws -> CountingCursor? {
        try inner.postings(for: term).map { CountingCursor(inner: $0, use: use) }
    }
    func documentID(_ doc: Int32) throws -> String { try inner.documentID(doc) }
    func storedFields(_ doc: Int32) throws -> [String: String] { try inner.storedFields(doc) }
    func forEachTerm(withPrefix prefix: String, _ body: (String, Int) throws -> Bool) throws {
        try inner.forEachTerm(withPrefix: prefix, body)
    }
}

/// A phrase scan reads positions only of documents that hold every term, and only in fields where
/// every term occurs: a rare word next to a word of every document costs reads for the rare word's
/// documents, not for the common word's.
@Test func phraseScanReadsPositionsOnlyWhereEveryTermOccurs() throws {
    let analyzer = try Analyzer()
    var documents: [[String: String]] = (0..<2000).map { i in
        ["id": "doc-\(i)", "title": "common heading", "body": "common words and common phrases \(i % 7 == 0 ? "filler" : "")"]
    }
    for i in stride(from: 5, to: 2000, by: 400) { documents[i]["body"] = "a rare common thing" }
    let segment = CountingSegment(inner: InMemorySegment(documents: documents, tokenizer: analyzer))
    let clause = Query(parsing: "\"rare common\"", tokenizer: analyzer).clauses[0]
    let found = try PhrasePostings.collect(clause, in: segment)
    #expect(found.docs == stride(from: 5, to: 2000, by: 400).map { Int32($0) })
    // Five documents hold both words, both only in the body: two position lists each.
    #expect(segment.use.positionReads == 5 * 2, "\(segment.use.positionReads) position reads")
}
