import Foundation
import Testing

/// Damage the commands must report (exit 3, naming the file) rather than serve or build on.
@Suite struct DamagedIndexTests {
    static func files(_ workspace: Workspace) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: workspace.root.appendingPathComponent(workspace.index).path).sorted()
    }

    static func url(_ workspace: Workspace, _ name: String) -> URL {
        workspace.root.appendingPathComponent(workspace.index).appendingPathComponent(name)
    }

    @Test func anIdleIndexRunReportsADamagedSegment() throws {
        let workspace = try Workspace.indexed()
        let name = try #require(try Self.files(workspace).first { $0.hasSuffix(".pos") })
        var bytes = [UInt8](try Data(contentsOf: Self.url(workspace, name)))
        bytes[bytes.count / 2] ^= 0x10
        try Data(bytes).write(to: Self.url(workspace, name))
        let run = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index], status: 3)
        #expect(run.stderr.contains(name) && run.stderr.contains("checksum"), "\(run)")
        let check = try workspace.concord.expect(["check", "--index", workspace.index], status: 3)
        #expect(check.stderr.contains(name), "\(check)")
        // Searching opens without the CRC; whatever it answers, it must not crash.
        let search = try workspace.concord.run(["search", "treaty", "--index", workspace.index])
        #expect([0, 1, 3].contains(search.status), "\(search)")
    }

    @Test func aSegmentFileCopiedFromAnotherSegmentIsRefusedOnOpen() throws {
        let workspace = try Workspace.indexed()
        try "{\"id\": \"extra-1\", \"title\": \"An added record\", \"body\": \"treaty talks resumed\"}\n"
            .write(to: workspace.corpusFile("added.jsonl"), atomically: true, encoding: .utf8)
        try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index], status: 0)
        let stored = try Self.files(workspace).filter { $0.hasSuffix(".sto") }
        try #require(stored.count == 2, "\(stored)")
        try FileManager.default.removeItem(at: Self.url(workspace, stored[0]))
        try FileManager.default.copyItem(at: Self.url(workspace, stored[1]), to: Self.url(workspace, stored[0]))
        let search = try workspace.concord.expect(["search", "treaty", "--index", workspace.index], status: 3)
        #expect(search.stderr.contains(stored[0]) && search.stderr.contains("another segment"), "\(search)")
    }
}
