import Foundation
import Testing
@testable import ConcordIndex
import ConcordStorage

/// The writer syncs a commit's files in one batch (`SyncBatchingDirectory`) just before the commit file is
/// renamed into place, and verifies full checksums only of what it builds on (segments it merges, id
/// tables it looks ids up in) — as Lucene does.

/// A power cut right after `commit` returns loses nothing: every file the commit names was durable first.
@Test func aCommitSurvivesAPowerCutRightAfterIt() throws {
    let directory = MemoryDirectory()
    let docs = randomDocuments(count: 60, vocabulary: ["alpha", "beta", "gamma"], seed: 5)
    for (round, slice) in [docs[..<30], docs[30...]].enumerated() {
        let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: 4_000)
        writer.mergePolicy = TieredMergePolicy(mergeFactor: 2, floorDocuments: 5)
        for doc in slice { try writer.addDocument(doc.analyzed) }
        if round == 1 { try writer.deleteDocuments(withIDs: [docs[0].id]) }
        try writer.commit(userData: [UInt8(round)])
        writer.close()
        directory.simulatePowerLoss()
        let reader = try IndexReader(directory: directory, verifyChecksums: true)
        #expect(reader.liveDocumentCount == (round == 0 ? 30 : 59))
        #expect(IndexChecker(directory: directory).check().isHealthy)
    }
}

/// A merge never copies a damaged segment: the commit that would merge it fails naming the file, and
/// the last commit stays as it was.
@Test func aMergeOfADamagedSegmentFailsAndKeepsTheLastCommit() throws {
    let directory = MemoryDirectory()
    let docs = randomDocuments(count: 40, vocabulary: ["alpha", "beta", "gamma"], seed: 9)
    for slice in [docs[..<20], docs[20...]] {
        let writer = try IndexWriter(directory: directory, settings: "{}")
        writer.mergePolicy = TieredMergePolicy(mergeFactor: 1000, floorDocuments: 1)   // no merges yet
        for doc in slice { try writer.addDocument(doc.analyzed) }
        try writer.commit(userData: [])
        writer.close()
    }
    let name = try #require(try directory.listFiles().first { $0.hasSuffix(".pos") })
    var bytes = try #require(directory.contents(of: name))
    bytes[bytes.count / 2] ^= 0x04
    directory.overwrite(name, with: bytes)

    let writer = try IndexWriter(directory: directory, settings: "{}")
    writer.mergePolicy = TieredMergePolicy(mergeFactor: 2, floorDocuments: 1)
    for doc in randomDocuments(count: 5, vocabulary: ["omega"], seed: 1, idPrefix: "new") { try writer.addDocument(doc.analyzed) }
    do {
        try writer.commit(userData: [])
        Issue.record("merging a damaged segment must fail")
    } catch {
        #expect("\(error)".contains(name), "\(error)")
    }
    writer.close()
    let reader = try IndexReader(directory: directory)
    #expect(reader.liveDocumentCount == 40)
    #expect(try reader.liveDocumentFrequency("omega") == 0)
}
