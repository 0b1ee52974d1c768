import Testing
@testable import Concord
import ConcordAnalysis
import ConcordIndex
import ConcordStorage

/// The analysis batch runs with exactly the workers asked for, or fails saying why (issue 6, item 9: a
/// `try?` used to drop workers whose analyzer could not be made, silently).
@Suite struct AnalysisBatchTests {
    struct AnalyzerUnavailable: Error {}

    @Test func everyWorkerGetsAnAnalyzerOrTheRunFails() throws {
        let settings = try IndexSettings.standard(language: "english")
        let first = DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer))
        let writer = try IndexWriter(directory: MemoryDirectory(), settings: try settings.encoded())
        defer { writer.close() }

        let batch = try AnalysisBatch(analyzer: first, settings: settings, writer: writer, total: 0, progress: nil,
                                      workers: 4)
        #expect(batch.workerCount == 4)
        try batch.finish()

        var made = 0
        #expect(throws: AnalyzerUnavailable.self) {
            _ = try AnalysisBatch(analyzer: first, settings: settings, writer: writer, total: 0, progress: nil,
                                  workers: 4) { settings in
                made += 1
                if made == 2 { throw AnalyzerUnavailable() }
                return try Analyzer(configuration: settings.analyzer)
            }
        }
    }
}
