import ConcordAnalysis
import ConcordIndex
import ConcordIngest
import Foundation

/// Collects documents and analyzes them in batches on every core (one analyzer per worker, since an
/// analyzer is not thread-safe), then adds them to the writer in the order they came.
struct AnalysisBatch {
    static let size = 1024

    private let analyzers: [DocumentAnalyzer]
    private let writer: IndexWriter
    private let total: Int
    private let progress: CorpusIndexer.Progress?
    private var pending: [Document] = []
    private var done = 0

    init(analyzer: DocumentAnalyzer, settings: IndexSettings, writer: IndexWriter, total: Int,
         progress: CorpusIndexer.Progress?) {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var analyzers = [analyzer]
        for _ in 1..<workers {
            if let extra = try? Analyzer(configuration: settings.analyzer) { analyzers.append(DocumentAnalyzer(analyzer: extra)) }
        }
        self.analyzers = analyzers
        self.writer = writer
        self.total = total
        self.progress = progress
        pending.reserveCapacity(Self.size)
    }

    mutating func add(_ document: Document) throws {
        pending.append(document)
        if pending.count >= Self.size { try flush() }
    }

    mutating func flush() throws {
        guard !pending.isEmpty else { return }
        let documents = pending
        let workers = analyzers.count
        let stride = (documents.count + workers - 1) / workers
        var results = [AnalyzedDocument?](repeating: nil, count: documents.count)
        results.withUnsafeMutableBufferPointer { out in
            let output = out
            let analyzers = self.analyzers
            DispatchQueue.concurrentPerform(iterations: workers) { w in
                let lower = w * stride
                let upper = min(lower + stride, documents.count)
                guard lower < upper else { return }
                for i in lower..<upper { output[i] = analyzers[w].analyze(documents[i]) }
            }
        }
        for case let document? in results { try writer.addDocument(document) }
        done += documents.count
        pending.removeAll(keepingCapacity: true)
        progress?(done, total)
    }
}
