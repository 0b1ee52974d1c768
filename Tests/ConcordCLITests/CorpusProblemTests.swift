import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Corpus entries that cannot be read or named as UTF-8 are reported, never skipped silently; the rest is
/// indexed (exit 4 when something could not be read), and what was indexed from an unreadable file before
/// is kept (issue 6, defects 6 and 7). Every case here works as root too: the failures come from the kernel
/// (I/O error, link loop, path length), or the run is made as `nobody` for permission bits.
@Suite struct CorpusProblemTests {
    static func index(_ workspace: Workspace, status: Int32) throws -> CommandResult {
        try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index], status: status)
    }

    static func replaceWithLink(_ url: URL, to target: String) throws {
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
    }

    /// `/proc/self/mem` opens, but reading its first page fails with EIO: a file that breaks while it is read.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/mem")))
    func aFileFailingWithAnIOErrorKeepsItsDocuments() throws {
        let workspace = try Workspace.indexed()
        let potsdam = try workspace.searchJSON("Potsdam")
        #expect(potsdam.total > 0)
        try Self.replaceWithLink(workspace.corpusFile("letters/potsdam.txt"), to: "/proc/self/mem")
        try Self.replaceWithLink(workspace.corpusFile("letters/fresh.txt"), to: "/proc/self/mem")
        try "Title: Austrian State Treaty\n\nFour powers end the kalorama arrangement.\n"
            .write(to: workspace.corpusFile("letters/austria.txt"), atomically: true, encoding: .utf8)
        let result = try Self.index(workspace, status: 4)
        #expect(result.stderr.contains("letters/potsdam.txt: error: Input/output error"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("letters/fresh.txt: error: Input/output error"), "stderr: \(result.stderr)")
        #expect(IndexingTests.counts(result.stdout)?.prefix(3) == [1, 0, 0], "stdout: \(result.stdout)")
        #expect(try workspace.searchJSON("Potsdam").results.map(\.id) == potsdam.results.map(\.id), "kept")
        #expect(try workspace.searchJSON("kalorama").total == 1, "the rest is indexed")
        // Reported again on the next run, still nothing lost.
        let again = try Self.index(workspace, status: 4)
        #expect(again.stderr.contains("letters/potsdam.txt: error: Input/output error"), "stderr: \(again.stderr)")
        #expect(try workspace.searchJSON("Potsdam").total == potsdam.total)
    }

    @Test func linkLoopsPipesAndPathsTooLongAreReported() throws {
        let workspace = try Workspace()
        let loop = workspace.corpusFile("letters/loop.txt")
        try FileManager.default.createSymbolicLink(atPath: loop.path, withDestinationPath: "loop.txt")
        #expect(mkfifo(workspace.corpusFile("letters/pipe.md").path, 0o644) == 0)
        let deep = try Self.makeDeepFile(in: workspace.corpusFile("deep"), name: "buried.txt",
                                         text: "Buried\n\nfar below.\n")
        defer { Self.removeTree(workspace.corpusFile("deep")) }
        #expect(deep > Int(PATH_MAX))
        let result = try Self.index(workspace, status: 4)
        #expect(result.stderr.contains("letters/loop.txt: error: Too many levels of symbolic links"), "\(result.stderr)")
        #expect(result.stderr.contains("letters/pipe.md: error: not a regular file"), "\(result.stderr)")
        #expect(result.stderr.contains(": error: File name too long"), "\(result.stderr)")
        #expect(IndexingTests.counts(result.stdout)?.first == FixtureCorpus.documents.count, "stdout: \(result.stdout)")
    }

    @Test func aFileNameThatIsNotUTF8IsIndexedWithEscapes() throws {
        let workspace = try Workspace()
        let folder = Array(workspace.corpusFile("letters").path.utf8)
        let name: [UInt8] = Array("caf".utf8) + [0xE9] + Array(".txt".utf8)
        let fd = open((folder + [0x2F] + name + [0]).map { CChar(bitPattern: $0) }, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        #expect(fd >= 0)
        let text = Array("Cafe society\n\nA zanzibar of coffee houses.\n".utf8)
        #expect(write(fd, text, text.count) == text.count)
        close(fd)
        let result = try Self.index(workspace, status: 0)
        #expect(result.stderr.contains(#"letters/caf\xE9.txt: warning: the file name is not valid UTF-8"#),
                "stderr: \(result.stderr)")
        let page = try workspace.searchJSON("zanzibar")
        #expect(page.results.map(\.id) == [#"letters/caf\xE9.txt"#])
        #expect(page.results.first?.source == #"letters/caf\xE9.txt"#)
        // Unchanged on the next run: found again by its raw name, not re-added.
        let again = try Self.index(workspace, status: 0)
        #expect(IndexingTests.counts(again.stdout) == [0, 0, 0, FixtureCorpus.documents.count + 1], "\(again.stdout)")
    }

    /// Real permission bits. Root reads a `chmod 000` file anyway, so as root the run is made as `nobody`
    /// (through `runuser`) on a workspace handed to that user; skipped when neither is possible.
    @Test(.enabled(if: getuid() != 0 || FileManager.default.isExecutableFile(atPath: "/usr/sbin/runuser")))
    func chmodZeroFileAndFolderAreReportedAndKept() throws {
        let workspace = try Workspace()
        let asNobody = getuid() == 0
        func concord(_ arguments: [String]) throws -> CommandResult {
            guard asNobody else { return try workspace.concord.run(arguments) }
            return try Self.runAsNobody(arguments, in: workspace)
        }
        if asNobody {
            let chown = Process()
            chown.executableURL = URL(fileURLWithPath: "/bin/chown")
            chown.arguments = ["-R", "nobody", workspace.root.path]
            try chown.run()
            chown.waitUntilExit()
            #expect(chown.terminationStatus == 0)
        }
        let index = ["index", "--corpus", workspace.corpus, "--index", workspace.index]
        let first = try concord(index)
        #expect(first.status == 0, "\(first.describe(index))")
        let potsdam = try workspace.searchJSON("Potsdam").total
        #expect(potsdam > 0)
        try "Title: Austrian State Treaty\n\nFour powers end the kalorama arrangement.\n"
            .write(to: workspace.corpusFile("letters/potsdam.txt"), atomically: false, encoding: .utf8)
        #expect(chmod(workspace.corpusFile("letters/potsdam.txt").path, 0) == 0)
        #expect(chmod(workspace.corpusFile("notes").path, 0) == 0)
        defer { chmod(workspace.corpusFile("notes").path, 0o755) }
        let result = try concord(index)
        #expect(result.status == 4, "\(result.describe(index))")
        #expect(result.stderr.contains("letters/potsdam.txt: error: Permission denied"), "\(result.stderr)")
        #expect(result.stderr.contains("notes: error: Permission denied"), "\(result.stderr)")
        #expect(try workspace.searchJSON("Potsdam").total == potsdam, "the unreadable file's documents are kept")
        #expect(try workspace.searchJSON("Suez").total > 0, "the unreadable folder's documents are kept")
        #expect(try workspace.searchJSON("kalorama").total == 0)
    }

    /// `concord arguments…` run as the user `nobody` in the workspace (outputs are small: pipes suffice).
    static func runAsNobody(_ arguments: [String], in workspace: Workspace) throws -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
        process.arguments = ["-u", "nobody", "--", try ConcordProcess.executable().path] + arguments
        process.currentDirectoryURL = workspace.root
        process.environment = ConcordProcess.environment()
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                             stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Creates folders of 200-character names below `root` until the file's path is longer than PATH_MAX
    /// (through `mkdirat`/`openat`, since no path call can reach it); returns the file's path length.
    static func makeDeepFile(in root: URL, name: String, text: String) throws -> Int {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        var fd = open(root.path, O_RDONLY | O_DIRECTORY)
        var length = root.path.utf8.count
        let component = String(repeating: "d", count: 200)
        while length <= Int(PATH_MAX) {
            guard mkdirat(fd, component, 0o755) == 0 else { throw CocoaError(.fileWriteUnknown) }
            let next = openat(fd, component, O_RDONLY | O_DIRECTORY)
            close(fd)
            fd = next
            length += 1 + component.count
        }
        let file = openat(fd, name, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let bytes = Array(text.utf8)
        _ = write(file, bytes, bytes.count)
        close(file)
        close(fd)
        return length + 1 + name.utf8.count
    }

    /// Removes a folder tree too deep for path calls (`rm -rf` walks it with `openat`).
    static func removeTree(_ url: URL) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/rm")
        process.arguments = ["-rf", url.path]
        try? process.run()
        process.waitUntilExit()
    }
}
