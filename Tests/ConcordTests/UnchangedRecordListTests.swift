import ConcordIndex
import Foundation
import Testing
@testable import Concord

/// An incremental run reads the record lists of files that did not change only when a changed file's
/// ids may occur in them (`CorpusIndexer.mayOccurInUnchangedFiles`). Each case checks how many lists a
/// run read and that the index then equals a fresh rebuild: documents, locations and duplicate warnings.
@Suite struct UnchangedRecordListTests {
    private func jsonl(_ records: [(id: String, summary: String)]) -> String {
        records.map { "{\"id\": \"\($0.id)\", \"title\": \"Note \($0.id)\", \"summary\": \"\($0.summary)\"}\n" }.joined()
    }

    private func records(_ prefix: String, _ range: Range<Int>, word: String) -> [(id: String, summary: String)] {
        range.map { ("\(prefix)\($0)", "\(word) record \($0)") }
    }

    /// A corpus of three files with ids a0…, b0…, c0… (b3 also in file c: one duplicate warning).
    private func makeCorpus(_ corpus: String) throws {
        try TestFiles.write(jsonl(records("a", 0..<20, word: "kalo")), to: corpus + "/a.jsonl")
        try TestFiles.write(jsonl(records("b", 0..<20, word: "mirtu")), to: corpus + "/b.jsonl")
        try TestFiles.write(jsonl(records("c", 0..<10, word: "vazo") + [("b3", "vazo again")]), to: corpus + "/c.jsonl")
    }

    /// Updates `index` from `corpus`, rebuilds a fresh index of it, and checks that both agree.
    private func updateAndCompare(_ index: IndexFolder, corpus: String, folder: TemporaryFolder,
                                  _ label: String) throws -> IndexingReport {
        let report = try index.update(fromCorpus: corpus)
        let fresh = IndexFolder(path: folder.appending("fresh-\(label)"))
        let freshReport = try fresh.update(fromCorpus: corpus)
        #expect(report.diagnostics == freshReport.diagnostics, "\(label): diagnostics differ from a rebuild's")
        #expect(report.documentCount == freshReport.documentCount, "\(label): document counts differ")
        let a = try index.openSearcher(), b = try fresh.openSearcher()
        for query in ["kalo", "mirtu", "vazo", "zuri", "record", "again"] {
            let x = try a.search(query, limit: 100), y = try b.search(query, limit: 100)
            #expect(x.total == y.total, "\(label): \(query) totals differ")
            #expect(x.results.map(\.id) == y.results.map(\.id), "\(label): \(query) ids differ")
            #expect(x.results.map(\.location) == y.results.map(\.location), "\(label): \(query) locations differ")
        }
        #expect(try index.check().isHealthy, "\(label): check")
        return report
    }

    @Test func addingAFileOfNewIdsReadsNoRecordList() throws {
        let folder = try TemporaryFolder("lists-add")
        defer { folder.remove() }
        let corpus = folder.appending("corpus")
        try makeCorpus(corpus)
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)
        try TestFiles.write(jsonl(records("d", 0..<5, word: "zuri")), to: corpus + "/d.jsonl")
        let report = try updateAndCompare(index, corpus: corpus, folder: folder, "add")
        #expect(report.added == 5 && report.unchanged == 50, "\(report.summary)")
        #expect(report.recordListsRead == 0, "an addition of new ids read \(report.recordListsRead) record lists")
    }

    @Test func editingAFileReadsOnlyItsOwnRecordList() throws {
        let folder = try TemporaryFolder("lists-edit")
        defer { folder.remove() }
        let corpus = folder.appending("corpus")
        try makeCorpus(corpus)
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)
        // a5 changes, a7 goes, a20 is new.
        var edited = records("a", 0..<20, word: "kalo").filter { $0.id != "a7" }
        edited[5].summary = "kalo zuri changed"
        try TestFiles.write(jsonl(edited + [("a20", "zuri new")]), to: corpus + "/a.jsonl")
        let report = try updateAndCompare(index, corpus: corpus, folder: folder, "edit")
        #expect(report.added == 1 && report.changed == 1 && report.removed == 1, "\(report.summary)")
        #expect(report.recordListsRead == 1, "an edit of one file read \(report.recordListsRead) record lists")
    }

    @Test func removingAFileReadsOnlyItsOwnRecordList() throws {
        let folder = try TemporaryFolder("lists-remove")
        defer { folder.remove() }
        let corpus = folder.appending("corpus")
        try makeCorpus(corpus)
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)
        try FileManager.default.removeItem(atPath: corpus + "/a.jsonl")
        let report = try updateAndCompare(index, corpus: corpus, folder: folder, "remove")
        #expect(report.removed == 20 && report.unchanged == 30, "\(report.summary)")
        #expect(report.recordListsRead == 1, "removing one file read \(report.recordListsRead) record lists")
    }

    /// A new file holding an id of an unchanged file (it replaces that record) and changes to an id with
    /// a duplicate warning both need every record list: the other occurrences are in unchanged files.
    @Test func idsThatMayOccurInUnchangedFilesReadEveryRecordList() throws {
        let folder = try TemporaryFolder("lists-all")
        defer { folder.remove() }
        let corpus = folder.appending("corpus")
        try makeCorpus(corpus)
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)

        try TestFiles.write(jsonl([("a4", "zuri replaces"), ("d1", "zuri new")]), to: corpus + "/d.jsonl")
        let replaced = try updateAndCompare(index, corpus: corpus, folder: folder, "replace")
        #expect(replaced.added == 1 && replaced.changed == 1, "\(replaced.summary)")
        #expect(replaced.recordListsRead == 3, "read \(replaced.recordListsRead) record lists")

        // b3 is in b.jsonl and (winning) in c.jsonl; dropping it from c makes b's record win again.
        try TestFiles.write(jsonl(records("c", 0..<10, word: "vazo")), to: corpus + "/c.jsonl")
        let unwarned = try updateAndCompare(index, corpus: corpus, folder: folder, "duplicate")
        #expect(unwarned.changed == 1 && unwarned.removed == 0, "\(unwarned.summary)")
        #expect(unwarned.recordListsRead == 4, "read \(unwarned.recordListsRead) record lists")
    }

    /// Random corpora with duplicates, deletions and removed files: whichever path a run takes, the
    /// decision agrees with a full scan of every record list (no candidate occurs in a file it skipped).
    @Test(arguments: [11, 12, 13, 14, 15, 16] as [UInt64])
    func skippedRecordListsNeverHoldACandidate(seed: UInt64) throws {
        let folder = try TemporaryFolder("lists-random")
        defer { folder.remove() }
        var rng = SeededGenerator(seed: seed)
        var model = CorpusModel(root: folder.appending("corpus"))
        try model.populate(&rng)
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: model.root)
        var skipped = 0
        for step in 1...8 {
            var log: [String] = []
            for _ in 0..<rng.int(1...3) { log.append(try model.mutate(&rng)) }
            let before = try manifest(of: index)
            let report = try index.update(fromCorpus: model.root)
            let fresh = IndexFolder(path: folder.appending("fresh-\(step)"))
            var rebuild = CorpusIndexer.Options()
            rebuild.rebuild = true
            let freshReport = try fresh.update(fromCorpus: model.root, options: rebuild)
            #expect(report.diagnostics == freshReport.diagnostics, "seed \(seed) step \(step) \(log): diagnostics")
            #expect(report.documentCount == freshReport.documentCount, "seed \(seed) step \(step) \(log): count")
            // The exhaustive answer: which unchanged files hold an id of a changed, new or removed file.
            let after = try manifest(of: index)
            let unchanged = Set(after.entries.filter { e in before.entries.contains { $0 == e } }.map(\.path))
            let changedIDs = Set((after.entries + before.entries).filter { !unchanged.contains($0.path) }
                .flatMap { $0.records.map(\.id) })
            let holders = after.entries.filter { unchanged.contains($0.path) && $0.records.contains { changedIDs.contains($0.id) } }
            if report.recordListsRead < before.entries.filter({ $0.recordCount > 0 }).count {
                skipped += 1
                #expect(holders.isEmpty, "seed \(seed) step \(step) \(log): skipped lists, but \(holders.map(\.path)) hold candidates")
            }
            try? FileManager.default.removeItem(atPath: fresh.path)
        }
        // The fast path must be taken (else the check above never runs).
        #expect(skipped > 0, "seed \(seed): no run skipped a record list")
    }

    private func manifest(of index: IndexFolder) throws -> CorpusManifest {
        let directory = try index.directory()
        let generation = try #require(try Commit.generations(in: directory).last)
        let commit = try Commit.read(from: directory, generation: generation)
        var manifest = try CorpusManifest(commit: commit, directory: directory)
        try manifest.loadRecords(from: CommitUserFiles(commit: commit, directory: directory))
        return manifest
    }
}
