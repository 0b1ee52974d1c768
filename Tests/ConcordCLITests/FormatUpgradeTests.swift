import ConcordIndex
import ConcordStorage
import Foundation
import Testing
import ConcordTestSupport

/// An index of the older format (1, before the column files) is rebuilt by `concord index` and by the
/// automatic indexing of `concord search`, with a one-line message; an explicit `--index` is not touched.
@Suite struct FormatUpgradeTests {
    /// Rewrites the newest commit of the index at `folder` as format version 1 wrote it.
    static func downgrade(_ folder: URL) throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let newest = try #require(files.filter { $0.hasPrefix("commit-") }.max { Int($0.dropFirst(7)) ?? 0 < Int($1.dropFirst(7)) ?? 0 })
        let url = folder.appendingPathComponent(newest)
        let bytes = try #require(FormatOneCommit.downgrade([UInt8](try Data(contentsOf: url))))
        try Data(bytes).write(to: url)
    }

    @Test func indexRebuildsAnOlderFormatSayingSo() throws {
        let workspace = try Workspace.indexed()
        let count = FixtureCorpus.documents.count
        try Self.downgrade(workspace.root.appendingPathComponent(workspace.index))
        let explicit = try workspace.concord.expect(["search", "treaty", "--index", workspace.index], status: 3)
        #expect(explicit.stderr.contains("format version 1") && explicit.stderr.contains("concord index"), "\(explicit.stderr)")

        let quiet = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index, "--quiet"],
                                                 status: 0)
        let messages = quiet.stderr.split(separator: "\n")
        #expect(messages.count == 1, "\(quiet.stderr)")
        #expect(quiet.stderr.contains("has format version 1; rebuilding it from corpus in version \(IndexFormat.version)"), "\(quiet.stderr)")
        try workspace.concord.expect(["check", "--index", workspace.index], status: 0)
        let again = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index], status: 0)
        #expect(again.stderr.isEmpty, "\(again.stderr)")
        #expect(again.stdout.contains("+0 new") && again.stdout.contains("\(count) unchanged"), "\(again.stdout)")
    }

    /// Format 2 (before dictionaries), format 4 (one stored-field dictionary per segment) and format 5
    /// (document gaps packed without exceptions) and format 6 (positions as varints).
    @Test(arguments: [UInt8(2), 4, 5, 6, 7]) func indexRebuildsAnOlderIndexSayingSo(version: UInt8) throws {
        let workspace = try Workspace.indexed()
        let folder = workspace.root.appendingPathComponent(workspace.index)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let newest = try #require(files.filter { $0.hasPrefix("commit-") }.max { Int($0.dropFirst(7)) ?? 0 < Int($1.dropFirst(7)) ?? 0 })
        let url = folder.appendingPathComponent(newest)
        try Data(try #require(FormatOneCommit.label([UInt8](try Data(contentsOf: url)), asVersion: version))).write(to: url)
        let explicit = try workspace.concord.expect(["search", "treaty", "--index", workspace.index], status: 3)
        #expect(explicit.stderr.contains("format version \(version)") && explicit.stderr.contains("concord index"), "\(explicit.stderr)")
        let quiet = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index, "--quiet"],
                                                 status: 0)
        #expect(quiet.stderr.contains("has format version \(version); rebuilding it from corpus in version \(IndexFormat.version)"), "\(quiet.stderr)")
        try workspace.concord.expect(["check", "--index", workspace.index], status: 0)
        try workspace.concord.expect(["search", "treaty", "--index", workspace.index], status: 0)
    }

    @Test func searchRebuildsTheDefaultIndexOfAnOlderFormat() throws {
        let workspace = try NewUserTests.defaultFoldersWorkspace()
        try workspace.concord.expect(["index"], status: 0)
        let before = try workspace.concord.expect(["search", "treaty", "--format", "json"], status: 0)
        try Self.downgrade(workspace.root.appendingPathComponent("Index"))
        let after = try workspace.concord.expect(["search", "treaty", "--format", "json"], status: 0)
        #expect(after.stderr.contains("has format version 1; rebuilding it"), "\(after.stderr)")
        #expect(try SearchPage.decode(after.stdout).results.map(\.id) == SearchPage.decode(before.stdout).results.map(\.id))
    }
}
