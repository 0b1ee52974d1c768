import Foundation
import Testing
import ConcordStorage

/// An index written by an older Concord (format version 1) is rebuilt from its corpus, with a message,
/// by `concord index`, keeping its analyzer language (`FormatUpgradeTests` covers `concord search`).
@Suite struct OlderFormatTests {
    /// Replaces the workspace's index by a format-1 index holding only a commit with the same settings.
    static func downgrade(_ workspace: Workspace) throws {
        let folder = workspace.root.appendingPathComponent(workspace.index)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let commitName = try #require(names.filter { $0.hasPrefix("commit-") }.sorted().last)
        let current = [UInt8](try Data(contentsOf: folder.appendingPathComponent(commitName)))
        // Format 2 commit body after its header (magic, name, version, segment id): generation,
        // nextSegment, then the settings string.
        let headerSize = 4 + 1 + Int(current[4]) + 4 + 16
        let settings = try current.withUnsafeBytes { raw -> String in
            var reader = ByteReader(raw, file: commitName, offset: headerSize + 16)
            return try reader.readString()
        }
        var old = ByteWriter()
        old.writeBytes(Array("CNCD".utf8))
        old.writeU8(14)
        old.writeBytes(Array("concord.commit".utf8))
        old.writeU32(1)
        old.writeU64(1)
        old.writeU64(1)
        old.writeString(settings)
        old.writeU32(0)
        old.writeVInt(0)
        old.writeBytes(Array("DCNC".utf8))
        let crc = old.bytes.withUnsafeBytes { Checksum.of($0) }
        old.writeU32(crc)
        for name in names where name != "write.lock" { try FileManager.default.removeItem(at: folder.appendingPathComponent(name)) }
        try Data(old.bytes).write(to: folder.appendingPathComponent("commit-1"))
    }

    @Test func indexRebuildsAnOlderFormatKeepingItsLanguage() throws {
        let workspace = try Workspace()
        try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index, "--language", "french"], status: 0)
        let before = try workspace.searchJSON("treaty")
        try Self.downgrade(workspace)
        let refused = try workspace.concord.run(["stats", "--index", workspace.index])
        #expect(refused.status == 3 && refused.stderr.contains("format version 1"), "\(refused)")
        let rebuilt = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index], status: 0)
        #expect(rebuilt.stderr.contains("older Concord") && rebuilt.stderr.contains("rebuilding"), "\(rebuilt)")
        let stats = try workspace.concord.expect(["stats", "--index", workspace.index], status: 0)
        #expect(stats.stdout.contains("french"), "\(stats)")
        #expect(try workspace.searchJSON("treaty").results.map(\.id) == before.results.map(\.id))
        try workspace.concord.expect(["check", "--index", workspace.index], status: 0)
    }
}
