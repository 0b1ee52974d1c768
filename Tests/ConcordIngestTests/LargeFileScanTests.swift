import Foundation
import Testing
@testable import ConcordIngest

/// Scans a generated JSONL file of tens of megabytes without keeping the documents. The assertions are on what was
/// read; memory is printed as a report only (the process's heap and peak RSS are shared with tests running in
/// parallel, so they cannot be asserted without flakiness — `StreamingReadTests` checks streaming deterministically).
@Suite struct LargeFileScanTests {
    static let recordCount = 12_000

    @Test func scansALargeJSONLFileRecordByRecord() throws {
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        let url = temporary.root.appendingPathComponent("large.jsonl")
        try Self.writeLargeFile(at: url)
        let file = try #require(try temporary.corpus.files().first)
        #expect(file.size > 20_000_000)

        let residentBefore = Self.statusKilobytes("VmRSS")
        var peakResidentGrowth = 0
        var count = 0
        var bodyBytes = 0
        let result = try temporary.corpus.scan(file) { document in
            count += 1
            bodyBytes += document.body.utf8.count
            if count % 500 == 0 { peakResidentGrowth = max(peakResidentGrowth, Self.statusKilobytes("VmRSS") - residentBefore) }
        }
        #expect(count == Self.recordCount)
        #expect(result.diagnostics.isEmpty)
        #expect(bodyBytes == (0..<Self.recordCount).reduce(0) { $0 + Self.body(for: $1).utf8.count })
        print("""
            large-file scan: \(file.size / 1_000_000) MB, \(count) documents; RSS growth while scanning \
            \(peakResidentGrowth / 1000) MB, peak RSS of the test process \(Self.statusKilobytes("VmHWM") / 1000) MB (report only)
            """)
    }

    /// A body of 1–3.5 KB, different for every record.
    static func body(for index: Int) -> String {
        String(repeating: "harbour pier lamp \(index) ", count: 40 + index % 100)
    }

    static func writeLargeFile(at url: URL) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown)
        }
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var text = ""
        for index in 0..<recordCount {
            text += "{\"id\": \"entry-\(index)\", \"title\": \"Entry \(index)\", \"body\": \"\(body(for: index))\"}\n"
            if text.utf8.count > 1 << 20 {
                handle.write(Data(text.utf8))
                text = ""
            }
        }
        handle.write(Data(text.utf8))
    }

    /// A `kB` line of /proc/self/status (`VmRSS`, `VmHWM`), 0 where unavailable.
    static func statusKilobytes(_ key: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }) else { return 0 }
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
