import Foundation
import Testing
@testable import Concord

/// `IndexSearcher.record(id:)`: the live record by id, through the document tables.
@Suite struct RecordLookupTests {
    @Test func theLiveVersionIsFoundByAnyCanonicallyEquivalentId() throws {
        let folder = try TemporaryFolder("records")
        defer { folder.remove() }
        let corpus = folder.appending("corpus"), file = corpus + "/notes.jsonl"
        try TestFiles.write("""
            {"id": "stay", "title": "Unchanged"}
            {"id": "caf\u{E9}", "title": "First", "date": "1950-10", "summary": "s1", "collection": "frus"}
            {"id": "gone", "title": "To be removed"}

            """, to: file)
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)
        try TestFiles.write("""
            {"id": "stay", "title": "Unchanged"}
            {"id": "cafe\u{301}", "title": "Second", "summary": "s2", "body": "b2", "Collection": "cables", "box": 3}

            """, to: file)
        _ = try index.update(fromCorpus: corpus)
        #expect(try index.statistics().segments == 2, "the edit lives in a second segment, the first one has deletions")

        let searcher = try index.openSearcher()
        let expected = StoredRecord(id: "caf\u{E9}", title: "Second", date: nil, summary: "s2", body: "b2",
                                    fields: ["collection": "cables", "box": "3"], source: "notes.jsonl", line: 2)
        #expect(try searcher.record(id: "caf\u{E9}") == expected)
        #expect(try searcher.record(id: "cafe\u{301}") == expected)
        #expect(try searcher.record(id: "gone") == nil)
        #expect(try searcher.record(id: "") == nil)
        #expect(try index.record(id: "caf\u{E9}")?.location == "notes.jsonl:2")
        #expect(try searcher.record(id: "stay")?.title == "Unchanged")
    }
}
