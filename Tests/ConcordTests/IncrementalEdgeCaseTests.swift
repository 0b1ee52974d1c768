import Foundation
import Testing
@testable import Concord

/// Specific incremental-update situations the randomized test may reach only rarely, each checked
/// against what a fresh rebuild shows.
@Suite struct IncrementalEdgeCaseTests {
    private func jsonl(_ records: [(id: String, summary: String)]) -> String {
        records.map { "{\"id\": \"\($0.id)\", \"title\": \"Note \($0.id)\", \"summary\": \"\($0.summary)\"}\n" }.joined()
    }

    private func firstResult(_ folder: IndexFolder, _ query: String) throws -> SearchResult? {
        try folder.openSearcher().search(query, limit: 1).results.first
    }

    /// An id written precomposed and then with a combining accent is the same id (ids are kept in NFC):
    /// the edit replaces the record instead of adding a second one.
    @Test func canonicallyEquivalentIdsAreOneRecord() throws {
        let folder = try TemporaryFolder("nfc")
        defer { folder.remove() }
        let corpus = folder.appending("corpus"), file = corpus + "/notes.jsonl"
        try TestFiles.write(jsonl([("caf\u{E9}", "kalo first")]), to: file)
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)
        try TestFiles.write(jsonl([("cafe\u{301}", "kalo second")]), to: file)
        let report = try index.update(fromCorpus: corpus)
        #expect(report.added == 0 && report.changed == 1, "\(report.summary)")
        #expect(try index.openSearcher().search("kalo").total == 1)
        #expect(try index.check().isHealthy)
    }

    /// Deleting a record line shifts the records below it; their unchanged content must still show
    /// the line they are on now, as a rebuild does.
    @Test func recordsBelowADeletedLineShowTheirNewLine() throws {
        let folder = try TemporaryFolder("lines")
        defer { folder.remove() }
        let corpus = folder.appending("corpus"), file = corpus + "/notes.jsonl"
        try TestFiles.write(jsonl([("a", "kalo first"), ("b", "mirtu second"), ("c", "vazo third")]), to: file)
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)
        #expect(try firstResult(index, "vazo")?.location == "notes.jsonl:3")

        try TestFiles.write(jsonl([("b", "mirtu second"), ("c", "vazo third")]), to: file)
        let report = try index.update(fromCorpus: corpus)
        #expect(report.removed == 1 && report.unchanged == 2)

        let fresh = IndexFolder(path: folder.appending("fresh"))
        _ = try fresh.update(fromCorpus: corpus)
        #expect(try firstResult(fresh, "vazo")?.location == "notes.jsonl:2")
        #expect(try firstResult(index, "vazo")?.location == "notes.jsonl:2")
    }

    /// A same-size edit whose modification time equals the recorded one (what a coarse file-system
    /// clock gives an edit made in the same tick as the indexing run's read) must still be seen.
    @Test func sameSizeEditWithinTheSameTimestampIsSeen() throws {
        let folder = try TemporaryFolder("racy")
        defer { folder.remove() }
        let corpus = folder.appending("corpus"), file = corpus + "/memo.txt"
        try TestFiles.write("Title: Memo\n\nkalo mirtu\n", to: file)
        // Stamped a little ahead of now (the run must not outlast the tick the edit shares): however long
        // the run takes, the file stays too recent for the run to confirm it unchanged afterwards.
        try TestFiles.setModificationTime(of: file, to: Int64(Date().timeIntervalSince1970 * 1e9) + 5_000_000_000)
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)
        let recorded = try TestFiles.modificationTime(of: file)

        try TestFiles.write("Title: Memo\n\nkalo vazot\n", to: file)
        try TestFiles.setModificationTime(of: file, to: recorded)
        let report = try index.update(fromCorpus: corpus)
        #expect(report.changed == 1)
        #expect(try index.openSearcher().search("vazot").total == 1)
    }

    /// `--rebuild` with another language re-analyzes everything and records the new language.
    @Test func rebuildWithAnotherLanguageChangesTheSettings() throws {
        let folder = try TemporaryFolder("language")
        defer { folder.remove() }
        let corpus = folder.appending("corpus")
        try TestFiles.write("Title: Running\n\nThe runners were running.\n", to: corpus + "/a.txt")
        let index = IndexFolder(path: folder.appending("index"))
        var english = CorpusIndexer.Options()
        english.language = "english"
        _ = try index.update(fromCorpus: corpus, options: english)
        #expect(try index.settings().analyzer.language == "english")

        var unstemmed = CorpusIndexer.Options()
        unstemmed.rebuild = true
        unstemmed.language = "none"
        _ = try index.update(fromCorpus: corpus, options: unstemmed)
        let fresh = IndexFolder(path: folder.appending("fresh"))
        _ = try fresh.update(fromCorpus: corpus, options: unstemmed)
        let freshTotal = try fresh.openSearcher().search("run").total
        #expect(try index.settings().analyzer.language == "none")
        #expect(try index.openSearcher().search("run").total == freshTotal)
    }

    /// `--rebuild` is the way out of a damaged index: it must not need to read the old segments.
    @Test func rebuildRecoversADamagedIndex() throws {
        let folder = try TemporaryFolder("damaged")
        defer { folder.remove() }
        let corpus = folder.appending("corpus"), indexPath = folder.appending("index")
        try TestFiles.write(jsonl([("a", "kalo"), ("b", "mirtu")]), to: corpus + "/a.jsonl")
        let index = IndexFolder(path: indexPath)
        _ = try index.update(fromCorpus: corpus)
        let table = try #require(try FileManager.default.contentsOfDirectory(atPath: indexPath).first { $0.hasSuffix(".dtb") })
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: indexPath + "/" + table)))
        bytes[bytes.count / 2] ^= 0x5A
        try Data(bytes).write(to: URL(fileURLWithPath: indexPath + "/" + table))
        #expect(try !index.check().isHealthy)

        var rebuild = CorpusIndexer.Options()
        rebuild.rebuild = true
        let report = try index.update(fromCorpus: corpus, options: rebuild)
        #expect(report.documentCount == 2)
        #expect(try index.check().isHealthy)
    }

    /// A duplicate id in a later file wins; deleting that file brings back the earlier record, whose
    /// file did not change.
    @Test func removingTheWinningDuplicateRestoresTheEarlierRecord() throws {
        let folder = try TemporaryFolder("duplicates")
        defer { folder.remove() }
        let corpus = folder.appending("corpus")
        try TestFiles.write(jsonl([("x", "kalo early"), ("y", "mirtu")]), to: corpus + "/a.jsonl")
        try TestFiles.write(jsonl([("x", "vazo late")]), to: corpus + "/b.jsonl")
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)
        #expect(try firstResult(index, "vazo")?.location == "b.jsonl:1")
        #expect(try index.openSearcher().search("kalo").total == 0)

        try FileManager.default.removeItem(atPath: corpus + "/b.jsonl")
        let report = try index.update(fromCorpus: corpus)
        #expect(report.changed == 1 && report.unchanged == 1 && report.removed == 0 && report.added == 0)
        #expect(try index.openSearcher().search("vazo").total == 0)
        #expect(try firstResult(index, "kalo")?.location == "a.jsonl:1")
    }

    /// Nothing changed: no new commit, every document unchanged.
    @Test func anUnchangedCorpusWritesNoCommit() throws {
        let folder = try TemporaryFolder("unchanged")
        defer { folder.remove() }
        let corpus = folder.appending("corpus")
        try TestFiles.write(jsonl([("a", "kalo"), ("b", "mirtu")]), to: corpus + "/a.jsonl")
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)
        let generation = try index.statistics().commitGeneration
        let report = try index.update(fromCorpus: corpus)
        #expect(!report.committed && report.unchanged == 2 && report.added + report.changed + report.removed == 0)
        #expect(try index.statistics().commitGeneration == generation)
    }
}
