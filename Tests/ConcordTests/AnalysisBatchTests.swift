import Testing
@testable import Concord
import ConcordAnalysis
import ConcordIndex
import ConcordIngest
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

    /// Several analyzed batches may wait for the writer at once: the documents still reach it in the
    /// order they came, every one of them once.
    @Test func documentsReachTheWriterInOrderWhileBatchesQueue() throws {
        let settings = try IndexSettings.standard(language: "english")
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: try settings.encoded())
        defer { writer.close() }
        let batch = try AnalysisBatch(analyzer: DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer)),
                                      settings: settings, writer: writer, total: 0, progress: nil, workers: 3)
        let count = (AnalysisBatch.queuedBatches + 3) * AnalysisBatch.size + 17
        for i in 0..<count {
            // Documents of very different sizes, so batches take different times to analyze and add.
            let body = String(repeating: "harbour crane \(i % 97) ", count: i % 13 == 0 ? 300 : 2)
            try batch.add(Document(id: "doc-\(i)", title: "ledger \(i)", body: body, source: "test.jsonl", line: i + 1))
        }
        try batch.finish()
        #expect(try Self.committedIDs(writer, directory) == (0..<count).map { "doc-\($0)" })
    }

    /// A run that knows it adds few documents (an update) hands them to the writer in about four batches,
    /// so adding overlaps analysis; a large or unknown total keeps full batches. Order and count hold.
    @Test func fewDocumentsGoToTheWriterInSeveralBatches() throws {
        let settings = try IndexSettings.standard(language: "english")
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: try settings.encoded())
        defer { writer.close() }
        let count = 637
        var reported: [Int] = []
        let batch = try AnalysisBatch(analyzer: DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer)),
                                      settings: settings, writer: writer, total: count, progress: { done, _ in reported.append(done) },
                                      workers: 2)
        #expect(batch.batchSize == 160)
        for i in 0..<count {
            try batch.add(Document(id: "doc-\(i)", title: "ledger \(i)", body: "harbour crane \(i % 31)", source: "test.jsonl", line: i + 1))
        }
        try batch.finish()
        #expect(reported == [160, 320, 480, 637])
        #expect(try Self.committedIDs(writer, directory) == (0..<count).map { "doc-\($0)" })

        let tiny = try AnalysisBatch(analyzer: DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer)),
                                     settings: settings, writer: writer, total: 5, progress: nil, workers: 1)
        #expect(tiny.batchSize == AnalysisBatch.smallestSize)
        try tiny.finish()
        let large = try AnalysisBatch(analyzer: DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer)),
                                      settings: settings, writer: writer, total: 50_000, progress: nil, workers: 1)
        #expect(large.batchSize == AnalysisBatch.size)
        try large.finish()
    }

    /// The analysis threads take every piece of every job submitted, in any sizes, before `stop()` returns,
    /// and each result is the document analyzed alone.
    @Test func workersAnalyzeEveryPieceBeforeStopping() throws {
        let settings = try IndexSettings.standard(language: "english")
        let make = { DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer)) }
        let workers = AnalysisWorkers(analyzers: [try make(), try make(), try make()])
        let jobs = (0..<5).map { j in
            let documents = (0..<(j * 37 + 1)).map { i in
                Document(id: "d\(j)-\(i)", title: "tide table \(i)", body: String(repeating: "moored barge ", count: i % 7 + 1),
                         source: "t.jsonl", line: i + 1)
            }
            return AnalysisJob(documents: documents, hashes: Array(repeating: nil, count: documents.count))
        }
        for (j, job) in jobs.enumerated() { workers.submit(job, pieceSize: j + 1) }
        workers.stop()
        let alone = try make()
        for job in jobs {
            #expect(job.analyzed.wait(timeout: .now()) == .success)
            for (i, document) in job.documents.enumerated() {
                let analyzed = try #require(job.take(i))
                let expected = alone.analyze(document)
                #expect(analyzed.id == expected.id && analyzed.contentHash == expected.contentHash)
                #expect(analyzed.fields.map { f in f.termIndices.map { f.vocabulary[Int($0)] } } == expected.fields.map { f in f.termIndices.map { f.vocabulary[Int($0)] } })
                #expect(analyzed.fields.map(\.positions) == expected.fields.map(\.positions))
                #expect(job.take(i) == nil)
            }
        }
    }

    /// Documents handed back with `dispose` are let go of by the workers (each piece's by the worker that
    /// analyzed it), also when that is only done once `stop()` is called; a document taken out stays the
    /// taker's.
    @Test func workersLetGoOfTheDocumentsTheyAnalyzed() throws {
        let settings = try IndexSettings.standard(language: "english")
        let make = { DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer)) }
        let workers = AnalysisWorkers(analyzers: [try make(), try make()])
        let jobs = (0..<4).map { j in
            let documents = (0..<(j * 29 + 3)).map { i in
                Document(id: "d\(j)-\(i)", title: "salt marsh \(i)", body: "heron", source: "t.jsonl", line: i + 1)
            }
            return AnalysisJob(documents: documents, hashes: Array(repeating: nil, count: documents.count))
        }
        for job in jobs { workers.submit(job, pieceSize: 5) }
        var taken: [AnalyzedDocument] = []
        for job in jobs {
            job.analyzed.wait()
            for piece in 0..<((job.documents.count + 4) / 5) { #expect((0..<2).contains(job.worker(ofPiece: piece))) }
            for i in job.documents.indices { #expect(job.withResult(i) { $0?.id } == job.documents[i].id) }
            taken.append(try #require(job.take(0)))
            workers.dispose(job)
        }
        workers.stop()
        for job in jobs {
            #expect(job.documents.indices.allSatisfy { i in job.withResult(i) { $0 == nil } }, "every result let go of")
        }
        #expect(taken.map(\.id) == jobs.map { $0.documents[0].id })
    }

    /// Commits `writer` and returns the ids of the index in `directory`, segment by segment in document order.
    static func committedIDs(_ writer: IndexWriter, _ directory: Directory) throws -> [String] {
        _ = try writer.commit(userData: [])
        var ids: [String] = []
        for segment in try IndexReader(directory: directory).segments {
            for doc in 0..<segment.maxDoc { ids.append(try segment.documentID(doc)) }
        }
        return ids
    }

    /// A directory whose new files cannot be created once `failing` is set.
    final class FailingDirectory: Directory {
        struct Refused: Error {}
        let base = MemoryDirectory()
        var failing = false
        var path: String { base.path }
        func createOutput(_ name: String) throws -> WritableFile {
            if failing { throw Refused() }
            return try base.createOutput(name)
        }
        func openInput(_ name: String) throws -> ReadableFile { try base.openInput(name) }
        func fileExists(_ name: String) -> Bool { base.fileExists(name) }
        func fileSize(_ name: String) throws -> Int { try base.fileSize(name) }
        func listFiles() throws -> [String] { try base.listFiles() }
        func delete(_ name: String) throws { try base.delete(name) }
        func rename(_ source: String, to destination: String) throws { try base.rename(source, to: destination) }
        func sync(_ names: [String]) throws { try base.sync(names) }
        func syncDirectory() throws { try base.syncDirectory() }
        func obtainWriteLock(wait: Bool) throws -> DirectoryLock { try base.obtainWriteLock(wait: wait) }
    }

    /// An add that fails (here: the writer cannot create the segment a full buffer is flushed to) is
    /// reported by `add` or `finish`, whatever batches were queued behind it.
    @Test func aFailedAddIsReportedWithBatchesQueued() throws {
        let settings = try IndexSettings.standard(language: "english")
        let directory = FailingDirectory()
        let writer = try IndexWriter(directory: directory, settings: try settings.encoded(), ramBudget: 1)
        defer { writer.close() }
        directory.failing = true
        let batch = try AnalysisBatch(analyzer: DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer)),
                                      settings: settings, writer: writer, total: 0, progress: nil, workers: 2)
        defer { batch.waitForPendingAdds() }
        #expect(throws: FailingDirectory.Refused.self) {
            for i in 0..<(AnalysisBatch.queuedBatches + 4) * AnalysisBatch.size {
                try batch.add(Document(id: "doc-\(i)", title: "ledger \(i)", source: "test.jsonl", line: i + 1))
            }
            try batch.finish()
        }
    }
}
