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

/// Every flipped byte of every file is detected by `concord check` (which verifies every CRC-32).
/// Opening for search verifies less: the commit and deletion files entirely (they are read whole), and
/// of every other file the header (magic, format, version, segment id) and the footer (magic, length),
/// so a flip there fails the open; a flip inside a body opened unverified may go unnoticed by a search
/// but must never make it trap (the searches below run on every damaged variant).
@Test func everyFlippedByteIsDetected() throws {
    let (directory, _) = try smallIndex()
    let files = try directory.listFiles()
    #expect(files.count >= 6)
    for name in files {
        let original = try #require(directory.contents(of: name))
        let verifiedWhole = name.hasPrefix("commit-") || name.hasSuffix(".del")
        let headerEnd = frameHeaderSize(original)
        for offset in original.indices {
            var damaged = original
            damaged[offset] ^= 0x5A
            directory.overwrite(name, with: damaged)
            #expect(!IndexChecker(directory: directory).check().isHealthy, "check misses a flip at \(name)[\(offset)]")
            let inFrame = offset < headerEnd || (offset >= original.count - 16 && offset < original.count - 4)
            if verifiedWhole || inFrame {
                #expect(throws: (any Error).self, "open misses a flip at \(name)[\(offset)]") { _ = try IndexReader(directory: directory) }
            } else if let reader = try? IndexReader(directory: directory) {
                exerciseSearches(reader)
            }
        }
        directory.overwrite(name, with: original)
    }
    _ = try IndexReader(directory: directory)
    #expect(IndexChecker(directory: directory).check().isHealthy)
}

/// Header size of a framed file: magic, name length, name, version, segment id.
private func frameHeaderSize(_ bytes: [UInt8]) -> Int { 4 + 1 + Int(bytes[4]) + 4 + 16 }

/// Reads what a search reads (terms, postings, positions, lengths, ids, stored fields); errors are fine.
func exerciseSearches(_ reader: IndexReader) {
    for segment in reader.segments {
        for doc in 0..<segment.maxDoc {
            _ = try? segment.storedFields(doc)
            _ = try? segment.documentID(doc)
            _ = segment.isLive(doc)
            for field in 0..<IndexField.count { _ = segment.fieldLength(doc, field: field) }
        }
        for term in ["alpha", "beta", "gamma", "delta", "w1", "w2", "w3", "w4", "absent"] {
            _ = try? segment.liveDocumentFrequency(term)
            guard var cursor = try? segment.postings(for: term) else { continue }
            _ = try? cursor.advance(to: 3)
            _ = cursor.skipBounds()
            while (try? cursor.next()).map({ $0 != SegmentPostings.exhausted }) ?? false {
                for field in 0..<IndexField.count { _ = try? cursor.positions(inField: field) }
            }
        }
        try? segment.forEachTerm(withPrefix: Array("w".utf8)) { _, _ in true }
    }
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

/// `rollbackKeepingLock` drops uncommitted work like `rollback` but hands the lock over: while it is
/// held no other writer gets in, a writer given it (`heldLock`) works and commits, and closing that one
/// frees the index (what a one-pass build falling back to two passes relies on).
@Test func aRolledBackWritersLockIsHandedOver() throws {
    let (directory, docs) = try smallIndex()
    let before = Set(try directory.listFiles())
    let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: 1)
    for extra in randomDocuments(count: 5, vocabulary: ["omega"], seed: 4, idPrefix: "x") { try writer.addDocument(extra.analyzed) }
    let lock = try #require(writer.rollbackKeepingLock())
    #expect(Set(try directory.listFiles()) == before)
    #expect(throws: StorageError.locked(path: "memory")) { _ = try IndexWriter(directory: directory, settings: "{}") }
    writer.close()      // holds no lock any more: must not free the handed-over one
    #expect(throws: StorageError.locked(path: "memory")) { _ = try IndexWriter(directory: directory, settings: "{}") }
    let next = try IndexWriter(directory: directory, settings: "{}", startEmpty: true, heldLock: lock)
    for doc in docs.prefix(3) { try next.addDocument(doc.analyzed) }
    try next.commit(userData: [])
    next.close()
    #expect(try IndexReader(directory: directory).liveDocumentCount == 3)
    _ = try IndexWriter(directory: directory, settings: "{}")
}
