import Foundation
import Testing

/// Smaller defects of issue 6 (item 9): control characters from the corpus never reach a terminal or split
/// a diagnostic line, negative and empty option values get a clear message, and a lock failure names the
/// lock file with its folder.
@Suite struct OutputHygieneTests {
    static func corpus(_ workspace: Workspace, file: String, _ text: String) throws {
        let url = workspace.corpusFile(file)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    @Test func controlCharactersFromTheCorpusAreEscapedOnATerminal() throws {
        let workspace = try Workspace()
        try Self.corpus(workspace, file: "records/hostile.jsonl", #"""
            {"id": "hostile", "title": "Retitled\u001b]0;owned\u0007 window", "summary": "zorblat before \u001b[2J after"}

            """#)
        try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index], status: 0)
        let process = Process()
        process.executableURL = try ConcordProcess.executable()
        process.arguments = ["search", "zorblat", "--index", workspace.index]
        process.currentDirectoryURL = workspace.root
        process.environment = ConcordProcess.environment()
        process.standardError = FileHandle.nullDevice
        let output = try PseudoTerminal().capture(process)
        #expect(!output.contains("\u{1B}]"), "an OSC sequence reached the terminal: \(output.debugDescription)")
        #expect(!output.contains("\u{1B}[2J"), "a clear-screen sequence reached the terminal: \(output.debugDescription)")
        #expect(!output.contains("\u{07}"))
        #expect(output.contains(#"Retitled\x1B]0;owned\x07 window"#), "\(output.debugDescription)")
        #expect(output.contains(#"\x1B[2J after"#), "\(output.debugDescription)")
        #expect(output.contains("\u{1B}[1mzorblat\u{1B}[0m"), "highlighting still works: \(output.debugDescription)")

        // JSON keeps the text exactly (escaped the JSON way).
        let page = try workspace.searchJSON("zorblat")
        #expect(page.results.first?.title == "Retitled\u{1B}]0;owned\u{07} window")
    }

    @Test func showAndFacetsEscapeControlCharactersOnATerminal() throws {
        let workspace = try Workspace()
        try Self.corpus(workspace, file: "records/hostile.jsonl", #"""
            {"id": "hostile", "title": "Retitled\u001b]0;owned\u0007 window", "collection": "frus\u001b[2J", "summary": "first line\nsecond\u001b[2J line", "body": "zorblat\tcolumn"}

            """#)
        try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index], status: 0)
        func onTerminal(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = try ConcordProcess.executable()
            process.arguments = arguments + ["--index", workspace.index]
            process.currentDirectoryURL = workspace.root
            process.environment = ConcordProcess.environment()
            process.standardError = FileHandle.nullDevice
            return try PseudoTerminal().capture(process)
        }
        let shown = try onTerminal(["show", "hostile"])
        #expect(!shown.contains("\u{1B}]") && !shown.contains("\u{1B}[2J") && !shown.contains("\u{07}"), "\(shown.debugDescription)")
        #expect(shown.contains(#"Retitled\x1B]0;owned\x07 window"#), "\(shown.debugDescription)")
        #expect(shown.contains(#"collection: frus\x1B[2J"#), "\(shown.debugDescription)")
        #expect(shown.contains(#"second\x1B[2J line"#), "\(shown.debugDescription)")
        // Line breaks and tabs of the summary and body stay (a terminal may turn \n into \r\n).
        #expect(shown.contains("first line\r\nsecond") || shown.contains("first line\nsecond"), "\(shown.debugDescription)")
        #expect(shown.contains("zorblat\tcolumn"), "\(shown.debugDescription)")

        let faceted = try onTerminal(["search", "zorblat", "--facet", "collection"])
        #expect(!faceted.contains("\u{1B}[2J"), "\(faceted.debugDescription)")
        #expect(faceted.contains(#"frus\x1B[2J"#), "\(faceted.debugDescription)")
    }

    @Test func aNewlineInAFileNameDoesNotSplitItsDiagnostic() throws {
        let workspace = try Workspace()
        try Self.corpus(workspace, file: "records/two\nlines.jsonl", "{\"id\": \"fine\", \"title\": \"Fine\"}\n{broken\n")
        let result = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index],
                                                  status: 4)
        #expect(result.stderr.contains(#"records/two\nlines.jsonl:2: error:"#), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("two\nlines"), "stderr: \(result.stderr)")

        // Errors quoting a path are one line too.
        try Self.corpus(workspace, file: "../odd\nshelf/letter.txt", "kept\n")
        let refused = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", "odd\nshelf"],
                                                   status: 3)
        #expect(refused.stderr.contains(#"odd\nshelf is not an index folder"#), "stderr: \(refused.stderr)")
    }

    @Test(arguments: [
        (["search", "treaty", "--page", "-1"], "--page must be at least 1"),
        (["search", "treaty", "--limit", "-1"], "--limit must be at least 1"),
        (["search", "--limit", "-5", "treaty"], "--limit must be at least 1"),
        (["index", "--ram-budget", "-1"], "--ram-budget must be"),
        (["index", "--corpus", ""], "--corpus must not be empty"),
        (["index", "--index", ""], "--index must not be empty"),
        (["search", "treaty", "--index", ""], "--index must not be empty"),
        (["search", "treaty", "--corpus", ""], "--corpus must not be empty"),
        (["stats", "--index", ""], "--index must not be empty"),
        (["check", "--index", ""], "--index must not be empty"),
    ])
    func badOptionValuesSayWhatIsWrong(arguments: [String], message: String) throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.expect(arguments, status: 2)
        #expect(result.stderr.contains(message), "stderr: \(result.stderr)")
        #expect(!result.stderr.contains("Missing value"), "stderr: \(result.stderr)")
    }

    @Test func aLockFailureNamesTheLockWithItsFolder() throws {
        let workspace = try Workspace.indexed()
        let lock = workspace.root.appendingPathComponent(workspace.index).appendingPathComponent("write.lock")
        try? FileManager.default.removeItem(at: lock)
        // A folder where the lock file should be: opening it for writing fails, even for root.
        try FileManager.default.createDirectory(at: lock, withIntermediateDirectories: false)
        let result = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index],
                                                  status: 3)
        #expect(result.stderr.contains("\(workspace.index)/write.lock"), "stderr: \(result.stderr)")
    }
}
