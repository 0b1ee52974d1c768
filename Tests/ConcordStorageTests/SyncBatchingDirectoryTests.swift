import Foundation
import Testing
@testable import ConcordStorage

/// `SyncBatchingDirectory`: syncs are only noted, and every noted file is durable before a rename or a
/// directory sync takes effect — so "sync the files, rename the commit" stays crash-safe.
@Suite struct SyncBatchingDirectoryTests {
    private func written(_ directory: Directory, _ name: String, _ bytes: [UInt8]) throws {
        let file = try directory.createOutput(name)
        try file.write(bytes)
        try file.close()
    }

    @Test func aNotedSyncIsNotDurableUntilTheNextRename() throws {
        let memory = MemoryDirectory()
        let batching = SyncBatchingDirectory(wrapping: memory)
        try written(batching, "a", [1, 2, 3])
        try written(batching, "pending", [7])
        try batching.sync(["a"])
        try batching.sync(["pending"])
        #expect(batching.pendingSyncs == ["a", "pending"])
        try memory.syncDirectory()                  // entries durable, bytes not yet
        memory.simulatePowerLoss()
        #expect(memory.contents(of: "a") == [])
        #expect(memory.contents(of: "pending") == [])
    }

    @Test func renameMakesEveryNotedFileDurableFirst() throws {
        let memory = MemoryDirectory()
        let batching = SyncBatchingDirectory(wrapping: memory)
        try written(batching, "a", [1, 2, 3])
        try written(batching, "b", [4, 5])
        try written(batching, "commit.pending", [9])
        try batching.sync(["a", "b"])
        try batching.sync(["commit.pending"])
        try batching.rename("commit.pending", to: "commit")
        #expect(batching.pendingSyncs.isEmpty)
        try batching.syncDirectory()
        memory.simulatePowerLoss()
        #expect(memory.contents(of: "a") == [1, 2, 3])
        #expect(memory.contents(of: "b") == [4, 5])
        #expect(memory.contents(of: "commit") == [9])
    }

    @Test func aRenameFailsWhenANotedFileCannotBeSynced() throws {
        let memory = MemoryDirectory()
        let batching = SyncBatchingDirectory(wrapping: memory)
        try written(batching, "a", [1])
        try written(batching, "commit.pending", [9])
        try batching.sync(["a", "commit.pending"])
        memory.armFault(.sync, after: 1)
        #expect(throws: StorageError.self) { try batching.rename("commit.pending", to: "commit") }
        #expect(memory.fileExists("commit.pending") && !memory.fileExists("commit"))
    }

    @Test func aDeletedFileIsNoLongerSynced() throws {
        let memory = MemoryDirectory()
        let batching = SyncBatchingDirectory(wrapping: memory)
        try written(batching, "merged-away", [1])
        try written(batching, "kept", [2])
        try batching.sync(["merged-away", "kept"])
        try batching.delete("merged-away")
        #expect(batching.pendingSyncs == ["kept"])
        try batching.syncDirectory()                // would throw notFound for a deleted file still noted
        #expect(batching.pendingSyncs.isEmpty)
    }

    /// The file-system directory syncs a batch concurrently; every file must come out durable and an
    /// error must name the file (here, one that vanished).
    @Test func aFileSystemBatchSyncsEveryFileAndNamesAFailure() throws {
        let path = NSTemporaryDirectory() + "concord-sync-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let directory = try FileSystemDirectory(path: path, create: true)
        let names = (0..<12).map { "file\($0)" }
        for name in names { try written(directory, name, Array(name.utf8)) }
        try directory.sync(names)
        do {
            try directory.sync(names + ["missing"])
            Issue.record("a missing file must fail the sync")
        } catch let StorageError.io(file, operation, _) {
            #expect(file == "missing" && operation == "open for fsync")
        }
    }
}
