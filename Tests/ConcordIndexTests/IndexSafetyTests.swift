import Testing
@testable import ConcordIndex
import ConcordStorage

private func smallIndex() throws -> (MemoryDirectory, [PlainDocument]) {
    let docs = randomDocuments(count: 40, vocabulary: ["alpha", "beta", "gamma", "delta"], seed: 77)
    let directory = MemoryDirectory()
    let writer = try IndexWriter(directory: directory, settings: "{}")
    for doc in docs { try writer.addDocument(doc.analyzed) }
    try writer.commit(userData: [])
    writer.close()
    return (directory, docs)
}

// MARK: - Corruption

@Test func everyFlippedByteIsDetected() throws {
    let (directory, _) = try smallIndex()
    let files = try directory.listFiles()
    #expect(files.count >= 6)
    for name in files {
        let original = try #require(directory.contents(of: name))
        for offset in original.indices {
            var damaged = original
            damaged[offset] ^= 0x5A
            directory.overwrite(name, with: damaged)
            #expect(throws: (any Error).self, "flip at \(name)[\(offset)]") { _ = try IndexReader(directory: directory) }
        }
        directory.overwrite(name, with: original)
    }
    _ = try IndexReader(directory: directory)
}

@Test func truncatedFilesAreReportedByName() throws {
    let (directory, _) = try smallIndex()
    for name in try directory.listFiles() {
        let original = try #require(directory.contents(of: name))
        for length in [0, 3, original.count / 2, original.count - 1] {
            directory.overwrite(name, with: Array(original.prefix(length)))
            do {
                _ = try IndexReader(directory: directory)
                Issue.record("truncating \(name) to \(length) bytes went unnoticed")
            } catch let error as StorageError {
                #expect("\(error)".contains(name), "the error names the file: \(error)")
            }
        }
        directory.overwrite(name, with: original)
    }
}

// MARK: - Crashes and failed writes

@Test(arguments: [MemoryDirectory.Operation.write, .sync, .rename, .syncDirectory, .create])
func failedOperationLeavesLastCommit(operation: MemoryDirectory.Operation) throws {
    let (directory, docs) = try smallIndex()
    for n in 1...12 {
        let writer = try IndexWriter(directory: directory, settings: "{}")
        try writer.deleteDocuments(withIDs: [docs[0].id])
        for extra in randomDocuments(count: 10, vocabulary: ["alpha", "omega"], seed: UInt64(n), idPrefix: "new\(n)-") {
            try writer.addDocument(extra.analyzed)
        }
        directory.armFault(operation, after: n)
        let committed = (try? writer.commit(userData: [])) != nil
        directory.disarmFaults()
        writer.close()
        directory.simulatePowerLoss()
        let reader = try IndexReader(directory: directory)
        if !committed {
            #expect(reader.liveDocumentCount == docs.count, "fault \(operation) #\(n): the last commit stays")
            #expect(try reader.liveDocumentFrequency("omega") == 0)
        }
        // Reopen the committed state as the baseline for the next round.
        let reset = try IndexWriter(directory: directory, settings: "{}")
        if committed {
            try reset.deleteDocuments(withIDs: Set((0..<10).map { "new\(n)-doc\($0)" }))
        }
        reset.close()
    }
}

@Test func secondWriterIsRefused() throws {
    let directory = MemoryDirectory()
    let first = try IndexWriter(directory: directory, settings: "{}")
    #expect(throws: StorageError.locked(path: "memory")) { _ = try IndexWriter(directory: directory, settings: "{}") }
    first.close()
    _ = try IndexWriter(directory: directory, settings: "{}")
}

@Test func uncommittedWorkIsInvisibleAndCleanedUp() throws {
    let (directory, docs) = try smallIndex()
    let before = Set(try directory.listFiles())
    let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: 1)
    for extra in randomDocuments(count: 5, vocabulary: ["omega"], seed: 3, idPrefix: "x") { try writer.addDocument(extra.analyzed) }
    #expect(Set(try directory.listFiles()) != before, "flushed segments are on disk")
    #expect(try IndexReader(directory: directory).liveDocumentCount == docs.count)
    writer.rollback()
    #expect(Set(try directory.listFiles()) == before)
}
