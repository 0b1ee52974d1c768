import Foundation
import Testing
@testable import ConcordIngest

/// Not a regular test: a throughput measurement that runs only when `CONCORD_INGEST_THROUGHPUT_FILE` names a corpus
/// file (for example a large `.jsonl`), and prints documents per second (`read`) and
/// MB/s with peak RSS (`scan`, which keeps no documents). Run it in release mode:
///
///     CONCORD_INGEST_THROUGHPUT_FILE=/path/docs.jsonl swift test -c release --filter ThroughputCheck
@Suite struct ThroughputCheck {
    static let fileVariable = "CONCORD_INGEST_THROUGHPUT_FILE"

    @Test(.enabled(if: ProcessInfo.processInfo.environment[fileVariable] != nil))
    func readsALargeFile() throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.fileVariable])
        let url = URL(fileURLWithPath: path)
        let corpus = Corpus(root: url.deletingLastPathComponent())
        let file = try #require(try corpus.files().first { $0.path == url.lastPathComponent })
        var best = Double.infinity
        var contents: CorpusFileContents?
        for _ in 0..<5 {
            let start = DispatchTime.now().uptimeNanoseconds
            contents = try corpus.read(file)
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let read = try #require(contents)
        #expect(!read.documents.isEmpty)
        let megabytes = Double(file.size) / 1_000_000
        print("""
            throughput: \(file.path): \(read.documents.count) documents, \(read.diagnostics.count) diagnostics, \
            \(String(format: "%.1f", megabytes)) MB in \(String(format: "%.1f", best * 1000)) ms (best of 5) = \
            \(Int(Double(read.documents.count) / best)) docs/s, \(String(format: "%.1f", megabytes / best)) MB/s
            """)
        for document in read.documents.prefix(3) { print("  sample id: \(document.id)") }
        for diagnostic in read.diagnostics.prefix(5) { print("  \(diagnostic)") }
        print("  peak RSS after read: \(LargeFileScanTests.statusKilobytes("VmHWM") / 1000) MB")
    }

    /// The same file through `scan`, counting documents without keeping them.
    @Test(.enabled(if: ProcessInfo.processInfo.environment[fileVariable] != nil))
    func scansALargeFile() throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.fileVariable])
        let url = URL(fileURLWithPath: path)
        let corpus = Corpus(root: url.deletingLastPathComponent())
        let file = try #require(try corpus.files().first { $0.path == url.lastPathComponent })
        var best = Double.infinity
        var count = 0
        var diagnostics: [CorpusDiagnostic] = []
        for _ in 0..<3 {
            count = 0
            let start = DispatchTime.now().uptimeNanoseconds
            diagnostics = try corpus.scan(file) { _ in count += 1 }.diagnostics
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        #expect(count > 0)
        let megabytes = Double(file.size) / 1_000_000
        print("""
            scan throughput: \(file.path): \(count) documents, \(diagnostics.count) diagnostics, \
            \(String(format: "%.1f", megabytes)) MB in \(String(format: "%.1f", best * 1000)) ms (best of 3) = \
            \(String(format: "%.1f", megabytes / best)) MB/s; peak RSS \(LargeFileScanTests.statusKilobytes("VmHWM") / 1000) MB
            """)
    }
}
