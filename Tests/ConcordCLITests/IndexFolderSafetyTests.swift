import Foundation
import Testing

/// `concord index` never deletes a file it did not write: it refuses (exit 3, naming the folder) an index
/// folder that overlaps the corpus or holds other files, and keeps other files in an index folder
/// (issue 6, defect 1).
@Suite struct IndexFolderSafetyTests {
    static func write(_ text: String, to url: URL) throws {
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    static func names(in url: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    @Test func anIndexInItsOwnCorpusFolderIsRefused() throws {
        let workspace = try Workspace()
        let notes = workspace.root.appendingPathComponent("notes")
        try Self.write("Commit history\n\nWhat was decided and when.\n", to: notes.appendingPathComponent("commit-history.txt"))
        try Self.write(#"{"id": "a", "title": "Alpha"}"# + "\n", to: notes.appendingPathComponent("a.jsonl"))
        let before = try Self.names(in: notes)
        for index in ["notes", "notes/", "./notes", "notes/index", "notes/deeper/index", "."] {
            let result = try workspace.concord.expect(["index", "--corpus", "notes", "--index", index], status: 3)
            #expect(result.stderr.contains("index folder \(index) "), "names the folder: \(result.stderr)")
            #expect(try Self.names(in: notes) == before, "nothing created or deleted with --index \(index)")
        }
        // The same folder through a symbolic link is still the same folder.
        try FileManager.default.createSymbolicLink(atPath: workspace.root.appendingPathComponent("alias").path,
                                                   withDestinationPath: notes.path)
        try workspace.concord.expect(["index", "--corpus", "notes", "--index", "alias"], status: 3)
        try workspace.concord.expect(["index", "--corpus", "notes", "--index", "alias/index"], status: 3)
        #expect(try Self.names(in: notes) == before)

        // Apart, the file named like a commit is an ordinary document.
        try workspace.concord.expect(["index", "--corpus", "notes", "--index", "apart"], status: 0)
        #expect(try workspace.searchJSON("decided", index: "apart").results.map(\.id) == ["commit-history.txt"])
    }

    @Test func aCorpusInsideTheIndexFolderIsRefused() throws {
        let workspace = try Workspace()
        try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", "."], status: 3)
        #expect(FileManager.default.fileExists(atPath: workspace.corpusFile("letters/potsdam.txt").path))
    }

    @Test(arguments: ["commit-message.txt", "seg-notes.del", "letter.txt"])
    func aFolderHoldingOtherFilesIsNotMadeAnIndex(name: String) throws {
        let workspace = try Workspace()
        let folder = workspace.root.appendingPathComponent("shelf")
        try Self.write("keep me\n", to: folder.appendingPathComponent(name))
        for extra in [[], ["--rebuild"]] {
            let result = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", "shelf"] + extra,
                                                      status: 3)
            #expect(result.stderr.contains("shelf is not an index folder"), "stderr: \(result.stderr)")
            #expect(result.stderr.contains(name), "names an example: \(result.stderr)")
            #expect(try Self.names(in: folder) == [name], "nothing created or deleted")
        }
    }

    @Test func anIndexFolderMayHoldAReadMeAndHiddenFiles() throws {
        let workspace = try Workspace()
        let folder = workspace.root.appendingPathComponent("shelf")
        try Self.write("*\n", to: folder.appendingPathComponent(".gitignore"))
        try Self.write("The index lives here.\n", to: folder.appendingPathComponent("README.md"))
        try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", "shelf"], status: 0)
        #expect(try Self.names(in: folder).contains("README.md"))
    }

    @Test func filesAddedToAnIndexFolderSurviveUpdates() throws {
        let workspace = try Workspace.indexed()
        let folder = workspace.root.appendingPathComponent(workspace.index)
        let foreign = ["commit-message.txt", "seg-notes.del", "segment.txt", "commit-07", "seg1.doc.bak"]
        for name in foreign { try Self.write(name, to: folder.appendingPathComponent(name)) }
        try Self.write("Title: Austrian State Treaty\n\nFour powers end the occupation.\n",
                       to: workspace.corpusFile("letters/austria.txt"))
        try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index], status: 0)
        try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index, "--rebuild"],
                                     status: 0)
        for name in foreign {
            #expect(try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8) == name, "\(name)")
        }
        #expect(try workspace.searchJSON("occupation").results.contains { $0.id == "letters/austria.txt" })
    }
}
