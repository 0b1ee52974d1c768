import ConcordAnalysis
@testable import ConcordIndex
import Testing
@testable import ConcordSearch

/// Phrase scans reach the on-disk cursor's one-pass `pairStarts` through `PostingsCursor`, not the
/// protocol's per-field fallback (which a changed signature would silently fall back to): after the
/// call the cursors show the one-pass path's bookkeeping — their place moved past the document, with
/// no document's positions held — where the fallback leaves the document's positions decoded.
@Test func phraseScansUseTheOnDiskOnePassPairStarts() throws {
    let analyzer = try Analyzer()
    let documents: [[String: String]] = (0..<300).map { i in
        ["id": "d\(i)", "title": "river stone", "summary": "the river stone and the stone", "body": "a stone by the river, the stone \(i)"]
    }
    let index = try OnDiskSearchTests.onDisk(documents, deleted: [], analyzer: analyzer)
    let segment = try #require(index.segments.first)
    var river = try #require(try segment.postings(for: "river")), stone = try #require(try segment.postings(for: "stone"))
    let starts = UnsafeMutablePointer<Int>.allocate(capacity: 3 * 64)
    defer { starts.deallocate() }
    func throughProtocol<Cursor: PostingsCursor>(_ a: inout Cursor, _ b: inout Cursor) throws -> (Int, Int, Int)? {
        _ = try a.advance(to: 5)
        _ = try b.advance(to: 5)
        return try a.pairStarts(with: &b, offset: 0, otherOffset: 1, fields: 7, into: starts, capacity: 64)
    }
    let found = try #require(try throughProtocol(&river, &stone))
    #expect(found == (1, 1, 0))
    for cursor in [river, stone] {
        #expect(cursor.decodedPositionsFor == -1 && cursor.positionDoc == cursor.indexInBlock + 1)
    }
}

/// A field holding the rarer word more often than the scan's first buffer has room for (64 starts per
/// field) makes the scan grow the buffer and read the document again: the counts still equal a brute-force
/// scan, in every field, for documents before and after the long one.
@Test func phraseScanGrowsItsBufferForAFieldFullOfTheRarerWord() throws {
    let analyzer = try Analyzer()
    var documents: [[String: String]] = (0..<40).map { i in
        ["id": "d\(i)", "title": "amber harbor", "summary": "harbor amber harbor", "body": "the amber harbor \(i) amber"]
    }
    // 150 and 300 occurrences of each word in one body and one summary: over the first buffer's 64.
    documents[17]["body"] = Array(repeating: "amber harbor harbor", count: 150).joined(separator: " ")
    documents[23]["summary"] = Array(repeating: "harbor amber", count: 300).joined(separator: " ")
    documents[23]["body"] = Array(repeating: "amber harbor", count: 120).joined(separator: " ")
    let index = try OnDiskSearchTests.onDisk(documents, deleted: [], analyzer: analyzer)
    let segment = try #require(index.segments.first)
    for phrase in ["\"amber harbor\"", "\"harbor amber\"", "\"amber harbor harbor\""] {
        let clause = Query(parsing: phrase, tokenizer: analyzer).clauses[0]
        let found = try PhrasePostings.collect(clause, in: segment)
        let want = bruteForcePhrasePostings(clause, documents: documents, analyzer: analyzer)
        #expect(found.docs == want.docs && found.frequencies == want.frequencies, "\(phrase)")
        #expect(want.frequencies.contains { $0 > 64 }, "\(phrase) should have a field past the first buffer")
    }
}
