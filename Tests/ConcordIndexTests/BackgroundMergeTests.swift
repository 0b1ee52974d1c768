import Foundation
import Testing
@testable import ConcordIndex
import ConcordStorage

/// Merges that run in the background while documents are added give the same index as merges at the
/// commit: every live posting, length and stored field exact, deletions applied, only the commit's
/// files left — and they do happen before the commit.
@Test func backgroundMergesKeepLiveDocumentsExact() throws {
    let path = NSTemporaryDirectory() + "concord-background-merge-\(UInt64.random(in: 0...UInt64.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let directory = try FileSystemDirectory(path: path)
    let docs = randomDocuments(count: 900, vocabulary: vocabulary, seed: 23)
    let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: 20_000)
    writer.mergePolicy = TieredMergePolicy(mergeFactor: 3, floorDocuments: 20)
    writer.mergesInBackground = true
    for doc in docs[..<600] { try writer.addDocument(doc.analyzed) }
    try writer.commit(userData: [])
    let mergedInFirstRun = writer.backgroundMergesFinished
    var rng = SeededGenerator(seed: 8)
    let removed = Set(docs[..<700].filter { _ in rng.next() % 3 == 0 }.map(\.id))
    for doc in docs[600..<700] { try writer.addDocument(doc.analyzed) }
    // Some of these live in segments flushed (and perhaps being merged) in this very run.
    #expect(try writer.deleteDocuments(withIDs: removed) == removed.count)
    for doc in docs[700...] { try writer.addDocument(doc.analyzed) }
    try writer.commit(userData: [])
    #expect(mergedInFirstRun > 0, "merges ran while documents were added")
    #expect(writer.backgroundMergesFinished > mergedInFirstRun)
    writer.close()

    let live = docs.filter { !removed.contains($0.id) }
    let reader = try IndexReader(directory: directory)
    #expect(reader.liveDocumentCount == live.count)
    for term in vocabulary {
        #expect(try actualPostings(reader, term: term) == expectedPostings(live, term: term), "term \(term)")
    }
    for f in 0..<3 {
        #expect(reader.totalFieldLength(field: f) == live.reduce(0) { $0 + $1.fields[f].count })
    }
    let byID = Dictionary(uniqueKeysWithValues: live.map { ($0.id, $0) })
    var seen = 0
    for segment in reader.segments {
        for doc in 0..<segment.maxDoc where segment.isLive(doc) {
            let id = try segment.documentID(doc)
            let expected = try #require(byID[id])
            #expect(try segment.storedFields(doc).first { $0.name == "body" }?.value == expected.fields[2].joined(separator: " "))
            for f in 0..<3 { #expect(segment.fieldLength(doc, field: f) == expected.fields[f].count) }
            seen += 1
        }
    }
    #expect(seen == live.count)
    let expectedFiles = Set(reader.commit.fileNames)
    #expect(Set(try directory.listFiles()).subtracting(["write.lock"]) == expectedFiles)
}

/// A writer dropped while a merge runs waits for it and leaves no file of the run behind.
@Test func rollbackDuringABackgroundMergeLeavesOnlyTheCommit() throws {
    let path = NSTemporaryDirectory() + "concord-background-rollback-\(UInt64.random(in: 0...UInt64.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let directory = try FileSystemDirectory(path: path)
    let docs = randomDocuments(count: 400, vocabulary: vocabulary, seed: 29)
    let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: 20_000)
    writer.mergePolicy = TieredMergePolicy(mergeFactor: 2, floorDocuments: 10)
    writer.mergesInBackground = true
    for doc in docs[..<100] { try writer.addDocument(doc.analyzed) }
    let commit = try writer.commit(userData: [])
    for doc in docs[100...] { try writer.addDocument(doc.analyzed) }
    writer.rollback()
    #expect(Set(try directory.listFiles()).subtracting(["write.lock"]) == Set(commit.fileNames))
    let reader = try IndexReader(directory: directory)
    #expect(reader.liveDocumentCount == 100)
}

/// The merge policy never asks for a segment beyond `maxMergedDocuments`: a full tier merges only its
/// smallest segments that fit, or nothing when two do not.
@Test func mergedSegmentsStayWithinTheirCap() {
    func segments(_ sizes: [Int]) -> [SegmentInfo] {
        sizes.enumerated().map { k, size in
            SegmentInfo(name: "s\(k)", identity: .none, maxDoc: size, deletedCount: 0, deletionGeneration: 0,
                        totalFieldLengths: [0, 0, 0])
        }
    }
    var policy = TieredMergePolicy(mergeFactor: 4, floorDocuments: 10)
    let tier = segments([120, 100, 150, 110, 130])
    #expect(Set(policy.findMerge(tier) ?? []) == ["s1", "s3", "s0", "s4"])
    policy.maxMergedDocuments = 340
    #expect(Set(policy.findMerge(tier) ?? []) == ["s1", "s3", "s0"])
    policy.maxMergedDocuments = 209
    #expect(policy.findMerge(tier) == nil)
    policy.maxMergedDocuments = 210
    #expect(Set(policy.findMerge(tier) ?? []) == ["s1", "s3"])
}
