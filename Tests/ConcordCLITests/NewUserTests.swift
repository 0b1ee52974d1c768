import ConcordIndex
import Foundation
import Testing

/// The things a new user trips over (issue 7): default and explicit index folders, the corpus-change
/// note, `--version`, unknown commands, `check` next to the repository's own files, `Scripts/concord`
/// paths and the first build's progress.
@Suite struct NewUserTests {
    /// A workspace whose corpus sits at the default `Corpus/` (so `concord search` without options uses it).
    static func defaultFoldersWorkspace() throws -> Workspace {
        let workspace = try Workspace()
        try FileManager.default.moveItem(at: workspace.root.appendingPathComponent(workspace.corpus),
                                         to: workspace.root.appendingPathComponent("Corpus"))
        return workspace
    }

    @Test func anExplicitIndexWithoutAnIndexIsAnErrorAndNothingIsBuilt() throws {
        let workspace = try Workspace()
        let result = try workspace.concord.expect(["search", "treaty", "--index", "elsewhere", "--corpus", workspace.corpus],
                                                  status: 3)
        #expect(result.stderr.contains("no index at elsewhere"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("elsewhere").path))
        #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("Index").path))
    }

    @Test func theCorpusChangeIsNotedOnlyWhenTheCorpusChanged() throws {
        let workspace = try Self.defaultFoldersWorkspace()
        let first = try workspace.concord.expect(["search", "treaty"], status: 0)
        #expect(first.stderr.contains("indexing Corpus first"), "\(first.stderr)")
        let unchanged = try workspace.concord.expect(["search", "treaty"], status: 0)
        #expect(!unchanged.stderr.contains("changed"), "\(unchanged.stderr)")

        let corpus = workspace.root.appendingPathComponent("Corpus")
        try "Title: A new note\nDate: 1950\n\nAbout a treaty.\n".write(to: corpus.appendingPathComponent("new-note.txt"),
                                                                          atomically: true, encoding: .utf8)
        let jsonl = corpus.appendingPathComponent("records/cables.jsonl")
        let handle = try FileHandle(forWritingTo: jsonl)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("{\"id\": \"added-line\", \"title\": \"Treaty text\"}\n".utf8))
        try handle.close()
        let changed = try workspace.concord.expect(["search", "treaty"], status: 0)
        #expect(changed.stderr.contains("Corpus has changed since the index was built (1 new, 1 changed file(s))"),
                "\(changed.stderr)")
        // The note is about the index the search used: it was not updated behind the user's back.
        #expect(try SearchPage.decode(try workspace.concord.expect(["search", "Treaty text", "--format", "json"], status: 0).stdout)
            .results.allSatisfy { $0.id != "added-line" })

        try workspace.concord.expect(["index"], status: 0)
        let updated = try workspace.concord.expect(["search", "treaty"], status: 0)
        #expect(!updated.stderr.contains("changed"), "\(updated.stderr)")
    }

    @Test func versionAndUnknownCommands() throws {
        let workspace = try Workspace()
        let version = try workspace.concord.expect(["--version"], status: 0)
        #expect(version.stdout.hasPrefix("concord "), "\(version.stdout)")
        #expect(version.stdout.contains("index format \(IndexFormat.version)"), "\(version.stdout)")

        let typo = try workspace.concord.expect(["serach", "treaty"], status: 2)
        #expect(typo.stderr.contains("unknown command 'serach'"), "\(typo.stderr)")
        #expect(typo.stderr.contains("did you mean 'search'?"), "\(typo.stderr)")
        let unrelated = try workspace.concord.expect(["frobnicate"], status: 2)
        #expect(unrelated.stderr.contains("unknown command 'frobnicate'"), "\(unrelated.stderr)")
        #expect(!unrelated.stderr.contains("did you mean"), "\(unrelated.stderr)")
    }

    @Test func checkLeavesTheFoldersOwnFilesAlone() throws {
        let workspace = try Workspace.indexed()
        let index = workspace.root.appendingPathComponent(workspace.index)
        try "*\n!.gitignore\n".write(to: index.appendingPathComponent(".gitignore"), atomically: true, encoding: .utf8)
        try "The index.\n".write(to: index.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
        let clean = try workspace.concord.expect(["check", "--index", workspace.index], status: 0)
        #expect(clean.stderr.isEmpty, "\(clean.stderr)")
        // A leftover index file is still reported.
        try Data("x".utf8).write(to: index.appendingPathComponent("seg999.doc"))
        let leftover = try workspace.concord.expect(["check", "--index", workspace.index], status: 0)
        #expect(leftover.stderr.contains("seg999.doc"), "\(leftover.stderr)")
        // And indexing keeps the repository's files.
        try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index, "--rebuild"], status: 0)
        #expect(FileManager.default.fileExists(atPath: index.appendingPathComponent(".gitignore").path))
        #expect(FileManager.default.fileExists(atPath: index.appendingPathComponent("README.md").path))
    }

    // MARK: - Scripts/concord

    /// Runs a copy of `Scripts/concord` placed in `workspace` (so its "repository root" is the workspace),
    /// from `directory`, with the test's build of `concord`.
    static func runScript(_ arguments: [String], workspace: Workspace, from directory: URL,
                          terminal: Bool = false) throws -> (status: Int32, output: String) {
        let scripts = workspace.root.appendingPathComponent("Scripts")
        try? FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        let script = scripts.appendingPathComponent("concord")
        if !FileManager.default.fileExists(atPath: script.path) {
            try FileManager.default.copyItem(at: ConcordProcess.packageRoot.appendingPathComponent("Scripts/concord"), to: script)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path] + arguments
        process.currentDirectoryURL = directory
        process.environment = ConcordProcess.environment(["CONCORD_BINARY": try ConcordProcess.executable().path])
        if terminal {
            let output = try PseudoTerminal().capture(process, includingStandardError: true)
            return (process.terminationStatus, output)
        }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func theScriptResolvesRelativePathsAgainstTheCallersDirectory() throws {
        let workspace = try Workspace()
        let caller = workspace.root.appendingPathComponent("elsewhere/deeper")
        try FileManager.default.createDirectory(at: caller, withIntermediateDirectories: true)
        let built = try Self.runScript(["index", "--corpus", "../../\(workspace.corpus)", "--index=my-index"],
                                       workspace: workspace, from: caller)
        #expect(built.status == 0, "\(built.output)")
        #expect(FileManager.default.fileExists(atPath: caller.appendingPathComponent("my-index").path), "\(built.output)")
        #expect(!FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("my-index").path))
        let found = try Self.runScript(["search", "treaty", "--index", "my-index", "--format", "json"],
                                       workspace: workspace, from: caller)
        #expect(found.status == 0, "\(found.output)")
        #expect(try SearchPage.decode(found.output).total > 0)
        // An absolute path stays as given.
        let absolute = caller.appendingPathComponent("my-index").path
        let again = try Self.runScript(["stats", "--index", absolute], workspace: workspace, from: workspace.root)
        #expect(again.status == 0, "\(again.output)")
    }

    @Test func theFirstBuildShowsProgressOnATerminal() throws {
        let workspace = try Self.defaultFoldersWorkspace()
        let elsewhere = workspace.root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let first = try Self.runScript(["search", "treaty", "--limit", "1"], workspace: workspace, from: elsewhere, terminal: true)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("building the index of Corpus/ into Index/ (first run)"), "\(first.output)")
        #expect(first.output.contains("docs/s"), "a progress bar: \(first.output)")
        #expect(first.output.contains("new, 0 changed"), "\(first.output)")
        #expect(FileManager.default.fileExists(atPath: workspace.root.appendingPathComponent("Index").path))
        let second = try Self.runScript(["search", "treaty", "--limit", "1"], workspace: workspace, from: elsewhere, terminal: true)
        #expect(!second.output.contains("first run") && !second.output.contains("docs/s"), "\(second.output)")
    }
}
