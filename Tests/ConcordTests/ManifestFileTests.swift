import ConcordIndex
import ConcordStorage
import Foundation
import Testing
@testable import Concord

/// The corpus manifest lives in user files of the commit, not in the commit file that every reader
/// loads: record ids never reach the commit, records of an unchanged corpus file are not rewritten,
/// and the files come and go with the commits that name them.
@Suite struct ManifestFileTests {
    private func jsonl(_ ids: ClosedRange<Int>, prefix: String, word: String) -> String {
        ids.map { "{\"id\": \"\(prefix)-record-\($0)\", \"title\": \"Entry \($0)\", \"summary\": \"\(word) number \($0)\"}\n" }.joined()
    }

    private func files(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path).sorted()
    }

    private func lastCommit(_ path: String) throws -> Commit {
        let directory = try FileSystemDirectory(path: path)
        let generation = try #require(try Commit.generations(in: directory).last)
        return try Commit.read(from: directory, generation: generation)
    }

    @Test func recordIdsStayOutOfTheCommitFile() throws {
        let folder = try TemporaryFolder("manifest-commit")
        defer { folder.remove() }
        let corpus = folder.appending("corpus"), indexPath = folder.appending("index")
        try TestFiles.write(jsonl(1...300, prefix: "alpha", word: "kalo"), to: corpus + "/a.jsonl")
        let index = IndexFolder(path: indexPath)
        _ = try index.update(fromCorpus: corpus)

        let commit = try lastCommit(indexPath)
        let commitBytes = try Data(contentsOf: URL(fileURLWithPath: indexPath + "/" + Commit.fileName(generation: commit.generation)))
        #expect(commitBytes.range(of: Data("alpha-record-17".utf8)) == nil)
        #expect(commit.userData.count < 64)
        #expect(commit.userFiles.count == 2)
        for name in commit.userFiles { #expect(try files(indexPath).contains(name)) }
        #expect(try index.check().isHealthy)
    }

    @Test func unchangedCorpusFileKeepsItsRecordsFile() throws {
        let folder = try TemporaryFolder("manifest-reuse")
        defer { folder.remove() }
        let corpus = folder.appending("corpus"), indexPath = folder.appending("index")
        try TestFiles.write(jsonl(1...200, prefix: "alpha", word: "kalo"), to: corpus + "/a.jsonl")
        let index = IndexFolder(path: indexPath)
        _ = try index.update(fromCorpus: corpus)
        let first = try lastCommit(indexPath)
        let recordsOfA = try #require(first.userFiles.dropFirst().first)
        let bytesBefore = try Data(contentsOf: URL(fileURLWithPath: indexPath + "/" + recordsOfA))

        try TestFiles.write(jsonl(1...5, prefix: "beta", word: "mirtu"), to: corpus + "/b.jsonl")
        let report = try index.update(fromCorpus: corpus)
        #expect(report.added == 5 && report.unchanged == 200, "\(report.summary)")
        let second = try lastCommit(indexPath)
        #expect(second.generation > first.generation)
        #expect(second.userFiles.contains(recordsOfA))
        #expect(second.userFiles.count == 3)
        #expect(try Data(contentsOf: URL(fileURLWithPath: indexPath + "/" + recordsOfA)) == bytesBefore)
        #expect(!(try files(indexPath)).contains(first.userFiles[0]), "the old head goes with its commit")

        // The manifest read back from the files drives the next incremental run correctly.
        try TestFiles.write(jsonl(1...199, prefix: "alpha", word: "kalo"), to: corpus + "/a.jsonl")
        let third = try index.update(fromCorpus: corpus)
        #expect(third.removed == 1 && third.unchanged == 204, "\(third.summary)")
        #expect(try index.openSearcher().search("kalo").total == 199)
        #expect(try index.openSearcher().search("mirtu").total == 5)

        try FileManager.default.removeItem(atPath: corpus + "/b.jsonl")
        let fourth = try index.update(fromCorpus: corpus)
        #expect(fourth.removed == 5)
        let last = try lastCommit(indexPath)
        let onDisk = Set(try files(indexPath).filter { $0.hasPrefix(IndexFiles.userFilePrefix) })
        #expect(onDisk == Set(last.userFiles))
        #expect(try index.check().isHealthy)
    }

    /// Records are front-coded (ids sharing prefixes, ids where the shared part ends inside a multi-byte
    /// character) with lines as deltas: what is read back is exactly what the corpus held.
    @Test func recordIdsAndLinesRoundTripThroughTheFrontCodedRecordsFile() throws {
        let folder = try TemporaryFolder("manifest-front-coding")
        defer { folder.remove() }
        let corpus = folder.appending("corpus"), indexPath = folder.appending("index")
        let ids = ["box-1/a", "box-1/ab", "box-1/b", "box-10", "b", "é-1", "é-2", "ê", "ëa", "x"]
        var text = ""
        for (k, id) in ids.enumerated() {
            text += "{\"id\": \"\(id)\", \"title\": \"Entry \(k)\"}\n"
            if k % 3 == 0 { text += "\n" }   // blank lines: record lines are not consecutive
        }
        try TestFiles.write(text, to: corpus + "/a.jsonl")
        _ = try IndexFolder(path: indexPath).update(fromCorpus: corpus)
        let directory = try FileSystemDirectory(path: indexPath)
        var manifest = try CorpusManifest(commit: try lastCommit(indexPath), directory: directory)
        try manifest.loadRecords(from: CommitUserFiles(commit: try lastCommit(indexPath), directory: directory))
        let records = try #require(manifest.entries.first).records
        var expectedLines: [Int] = []
        var line = 1
        for k in ids.indices {
            expectedLines.append(line)
            line += k % 3 == 0 ? 2 : 1
        }
        #expect(records.map(\.id) == ids)
        #expect(records.map(\.line) == expectedLines.map { Optional($0) })
    }

    @Test func aRecordCountPastTheRecordsFileIsAnErrorNotAHugeAllocation() throws {
        let folder = try TemporaryFolder("manifest-count")
        defer { folder.remove() }
        let corpus = folder.appending("corpus"), indexPath = folder.appending("index")
        try TestFiles.write(jsonl(1...3, prefix: "alpha", word: "kalo"), to: corpus + "/a.jsonl")
        _ = try IndexFolder(path: indexPath).update(fromCorpus: corpus)
        let commit = try lastCommit(indexPath)
        let records = try #require(commit.userFiles.dropFirst().first)
        let files = CommitUserFiles(commit: commit, directory: try FileSystemDirectory(path: indexPath))
        #expect(try CorpusManifest.readRecords(records, count: 3, from: files).count == 3)
        // A head whose checksum was recomputed may claim up to Int32.max records.
        #expect(throws: StorageError.self) { try CorpusManifest.readRecords(records, count: Int(Int32.max), from: files) }
    }

    @Test func damagedManifestMeansARebuildNotAnError() throws {
        let folder = try TemporaryFolder("manifest-damaged")
        defer { folder.remove() }
        let corpus = folder.appending("corpus"), indexPath = folder.appending("index")
        try TestFiles.write(jsonl(1...20, prefix: "alpha", word: "kalo"), to: corpus + "/a.jsonl")
        let index = IndexFolder(path: indexPath)
        _ = try index.update(fromCorpus: corpus)
        let head = try #require(try lastCommit(indexPath).userFiles.first)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: indexPath + "/" + head))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: indexPath + "/" + head))

        // Searching never reads the manifest.
        #expect(try index.openSearcher().search("kalo").total == 20)
        try TestFiles.write(jsonl(1...21, prefix: "alpha", word: "kalo"), to: corpus + "/a.jsonl")
        _ = try index.update(fromCorpus: corpus)
        #expect(try index.openSearcher().search("kalo").total == 21)
        #expect(try index.check().isHealthy)
    }
}
