import Testing
@testable import ConcordIndex
import ConcordStorage

/// The writer deletes only names it could have written, and creates an index only in an empty folder or
/// one that already is an index (issue 6, defect 1: `commit-history.txt` and `seg-notes.del` were deleted).
@Suite struct IndexFileOwnershipTests {
    static let foreignNames = ["commit-history.txt", "commit-message.txt", "seg-notes.del", "segment.txt",
                               "seg1.doc.bak", "commit-07", "commit-+5", "seg01.doc", "segA.doc", "seg1_x.del",
                               "seg1.txt", "commit-2.pending.old", "notes.md"]

    @Test func exactNamesAreRecognised() {
        for name in ["commit-1", "commit-42", "commit-3.pending", "seg1.tdi", "seg1a.doc", "segz.pos", "seg10.sto",
                     "seg2.dtb", "seg2.col", "seg1a_3.del"] {
            #expect(IndexFiles.isIndexFile(name), "\(name)")
        }
        for name in Self.foreignNames {
            #expect(!IndexFiles.isIndexFile(name), "\(name)")
        }
        #expect(IndexFiles.segmentNumber("seg1a_3.del") == 46)
        #expect(IndexFiles.segmentNumber("segment.txt") == nil)
    }

    @Test func cleanupKeepsFilesItDidNotWrite() throws {
        let directory = MemoryDirectory()
        let docs = randomDocuments(count: 20, vocabulary: ["alpha", "beta"], seed: 5)
        let first = try IndexWriter(directory: directory, settings: "{}")
        for doc in docs { try first.addDocument(doc.analyzed) }
        try first.commit(userData: [])
        first.close()
        for name in Self.foreignNames { directory.overwrite(name, with: Array(name.utf8)) }
        // Leftovers of a killed run, which the next writer must remove.
        directory.overwrite("seg9.doc", with: [1])
        directory.overwrite("seg9_4.del", with: [1])
        directory.overwrite("commit-7.pending", with: [1])

        let second = try IndexWriter(directory: directory, settings: "{}")
        try second.deleteDocuments(withIDs: [docs[0].id])
        try second.commit(userData: [])
        second.close()
        let files = try directory.listFiles()
        for name in Self.foreignNames {
            #expect(directory.contents(of: name) == Array(name.utf8), "\(name) must survive")
        }
        for leftover in ["seg9.doc", "seg9_4.del", "commit-7.pending"] {
            #expect(!files.contains(leftover), "\(leftover) is a leftover of the index and goes")
        }
        #expect(try IndexReader(directory: directory).liveDocumentCount == docs.count - 1)
    }

    @Test(arguments: ["commit-message.txt", "seg-notes.del", "notes.txt"])
    func aFolderHoldingOtherFilesIsRefused(name: String) throws {
        for startEmpty in [false, true] {
            let directory = MemoryDirectory(path: "/tmp/notes")
            directory.overwrite(name, with: [1, 2, 3])
            #expect(throws: IndexError.notAnIndexFolder(path: "/tmp/notes", example: name)) {
                _ = try IndexWriter(directory: directory, settings: "{}", startEmpty: startEmpty)
            }
            #expect(try directory.listFiles() == [name], "nothing created or deleted")
        }
    }

    @Test func hiddenFilesReadMesAndLeftoversMayPrecedeAnIndex() throws {
        let directory = MemoryDirectory()
        for name in [".gitignore", "README.md", "readme", "seg3.doc", "commit-1.pending", "write.lock"] {
            directory.overwrite(name, with: [1])
        }
        let writer = try IndexWriter(directory: directory, settings: "{}")
        for doc in randomDocuments(count: 3, vocabulary: ["alpha"], seed: 1) { try writer.addDocument(doc.analyzed) }
        try writer.commit(userData: [])
        writer.close()
        let files = try directory.listFiles()
        for kept in [".gitignore", "README.md", "readme"] { #expect(files.contains(kept)) }
        for leftover in ["seg3.doc", "commit-1.pending"] { #expect(!files.contains(leftover)) }
    }
}
