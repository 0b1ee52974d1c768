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
