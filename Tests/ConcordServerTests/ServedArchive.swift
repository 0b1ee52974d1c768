import Concord
import Foundation
import Hummingbird
import HummingbirdTesting
@testable import ConcordServer

/// A small dated archive written by the tests into a temporary folder, indexed, and served in process.
/// 23 records mention "convoy" (three pages of 10); one has a hostile title; dates span 1940–1969.
struct ServedArchive {
    static let convoyCount = 23
    static let hostileTitle = "<script>alert(1)</script> & \"quoted\" convoy"

    let root: URL
    var corpus: String { root.appendingPathComponent("corpus").path }
    var index: IndexFolder { IndexFolder(path: root.appendingPathComponent("index").path) }

    /// Record `i` of the convoy series: a date per year from 1940, a summary naming the convoy.
    static func convoyRecord(_ i: Int) -> String {
        let year = 1940 + i
        let month = i % 12 + 1
        return #"{"id": "convoy-\#(i)", "title": "Convoy report number \#(i)", "date": "\#(year)-\#(month < 10 ? "0" : "")\#(month)-15", "summary": "The convoy sailed with \#(i) escorts; the harbour master logged its return.", "body": "Opening lines of report \#(i).\n\nThe convoy kept formation through the night.", "collection": "\#(i % 2 == 0 ? "naval" : "merchant")"}"#
    }

    static func make() throws -> ServedArchive {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("concord-server-\(UUID().uuidString)")
        let archive = ServedArchive(root: root)
        var lines = (0..<convoyCount - 1).map(convoyRecord)
        lines.append(#"{"id": "hostile", "title": "<script>alert(1)</script> & \"quoted\" convoy", "date": "1950-10-08", "summary": "A <b>bold</b> claim & a convoy.", "body": "Nothing <i>else</i>."}"#)
        lines.append(#"{"id": "lighthouse", "title": "Lighthouse keeper's diary", "summary": "Storms over the headland, no ships sighted.", "body": ""}"#)
        try archive.write(lines.joined(separator: "\n") + "\n", to: "records.jsonl")
        try archive.write("Title: A letter with a slash id\nDate: 1961-04-12\n\nSummary line about the harbour.\n", to: "letters/slash.txt")
        _ = try archive.index.update(fromCorpus: archive.corpus)
        return archive
    }

    func write(_ text: String, to relativePath: String) throws {
        let url = URL(fileURLWithPath: corpus).appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func remove() { try? FileManager.default.removeItem(at: root) }

    /// Runs `body` against the server's routes over an in-process test client.
    func withClient(service: SearchService? = nil,
                    _ body: @escaping @Sendable (any TestClientProtocol, SearchService) async throws -> Void) async throws {
        let service = try service ?? SearchService(index: index)
        let app = Application(router: try ConcordServer.router(service: service))
        try await app.test(.router) { client in try await body(client, service) }
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}

extension String {
    /// Occurrences of `needle`.
    func occurrences(of needle: String) -> Int { components(separatedBy: needle).count - 1 }
}
