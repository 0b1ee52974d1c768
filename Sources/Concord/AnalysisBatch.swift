import ConcordAnalysis
import ConcordIndex
import ConcordIngest
import Foundation

/// Collects documents and analyzes them in batches on every core (one analyzer per worker, since an
/// analyzer is not thread-safe), while earlier batches are being added to the writer on a serial
/// queue — analysis and index building overlap. Documents reach the writer in the order they came.
/// `finish()` must be called: it waits for the last batch and reports the first error.
///
/// Up to `queuedBatches` analyzed batches wait for (or are in) the writer, so analysis goes on while
/// adding a batch takes longer than analyzing the next: with a single batch in flight, a core stood idle
/// whenever adding lagged (on two cores adding one batch costs about as much CPU as analyzing one).
final class AnalysisBatch: @unchecked Sendable {
    static let size = 1024
    /// The smallest batch a run that knows its total analyzes (see `batchSize`).
    static let smallestSize = 128
    /// Analyzed batches handed to the writer and not yet added, at most.
    static let queuedBatches = 2
    /// Analysis workers: one per core, at most 8.
    static var defaultWorkerCount: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    private let analyzers: [DocumentAnalyzer]
    /// Documents analyzed together: `size`, or for a run that adds fewer than 4 × `size` documents in all
    /// (an update), a quarter of them but at least `smallestSize`. With a single batch, adding to the writer
    /// (serial) could start only once every document was analyzed; with four, adding one batch overlaps
    /// analyzing the next (appending 1% of the Debian corpus: 637 documents in one batch left the writer's
    /// thread idle during analysis and the analysis workers idle during adding).
    let batchSize: Int
    private let writer: IndexWriter
    /// Documents to add in all, for `progress` (an estimate may be corrected while documents come).
    var total: Int
    private let progress: CorpusIndexer.Progress?
    private var pending: [Document] = []
    /// The indexed hash of each pending document when the caller already knows it (nil: computed here).
    private var pendingHashes: [UInt64?] = []
    private var done = 0
    private let adding = DispatchQueue(label: "concord.index.add")
    private let inFlight = DispatchGroup()
    /// Free places among the `queuedBatches` batches that may be handed to the writer.
    private let queueSlots = DispatchSemaphore(value: AnalysisBatch.queuedBatches)
    /// The first error of an asynchronous add (under `errorLock`: set on the adding queue, read here);
    /// batches queued after it are not added.
    private var addError: Error?
    private let errorLock = NSLock()

    /// One analyzer per worker: `analyzer` and `workers − 1` more from `makeAnalyzer` (by default, like
    /// `analyzer`, from the index's settings). A failure to make one is thrown — never fewer workers than
    /// asked for without a word.
    init(analyzer: DocumentAnalyzer, settings: IndexSettings, writer: IndexWriter, total: Int,
         progress: CorpusIndexer.Progress?, workers: Int = AnalysisBatch.defaultWorkerCount,
         makeAnalyzer: ((IndexSettings) throws -> Analyzer)? = nil) throws {
        let make = makeAnalyzer ?? { try Analyzer(configuration: $0.analyzer) }
        var analyzers = [analyzer]
        for _ in 1..<max(1, workers) { analyzers.append(DocumentAnalyzer(analyzer: try make(settings))) }
        self.analyzers = analyzers
        batchSize = total > 0 ? min(Self.size, max(Self.smallestSize, (total + 3) / 4)) : Self.size
        self.writer = writer
        self.total = total
        self.progress = progress
        pending.reserveCapacity(batchSize)
    }

    /// Analysis workers in use.
    var workerCount: Int { analyzers.count }

    /// Adds a document; `indexedHash`, when given, must be `DocumentAnalyzer.indexedHash(document)`
    /// (the corpus reader computes it already, and hashing every byte twice is measurable).
    func add(_ document: Document, indexedHash: UInt64? = nil) throws {
        pending.append(document)
        pendingHashes.append(indexedHash)
        if pending.count >= batchSize { try flush() }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        let documents = pending
        let hashes = pendingHashes
        pending.removeAll(keepingCapacity: true)
        pendingHashes.removeAll(keepingCapacity: true)
        let results = AnalyzedBatch(analyze(documents, hashes: hashes))
        queueSlots.wait()
        if let error = firstAddError() {
            queueSlots.signal()
            throw error
        }
        inFlight.enter()
        adding.async { [writer] in
            defer {
                self.queueSlots.signal()
                self.inFlight.leave()
            }
            guard self.firstAddError() == nil else { return }
            do {
                // Each document is moved out of the batch (not copied: a copy retains and releases every
                // array and string it holds) and let go as soon as it is added.
                for i in results.documents.indices {
                    guard let document = results.documents[i].take() else { continue }
                    try writer.addDocument(document)
                }
            } catch {
                self.errorLock.withLock { if self.addError == nil { self.addError = error } }
            }
        }
        done += documents.count
        progress?(done, total)
    }

    private func firstAddError() -> Error? {
        errorLock.withLock { addError }
    }

    /// Waits for batches still being added (also on error paths, before the writer is closed).
    func waitForPendingAdds() {
        inFlight.wait()
    }

    /// Analyzes what is left, waits until every document is in the writer, and rethrows an add error.
    func finish() throws {
        try flush()
        inFlight.wait()
        if let error = firstAddError() { throw error }
    }

    private func analyze(_ documents: [Document], hashes: [UInt64?]) -> [AnalyzedDocument?] {
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
                for i in lower..<upper { output[i] = analyzers[w].analyze(documents[i], indexedHash: hashes[i]) }
            }
        }
        return results
    }
}

/// The analyzed documents of one batch on their way to the writer: a class, so the adding queue owns the
/// only reference and moves each document out instead of copying it.
private final class AnalyzedBatch: @unchecked Sendable {
    var documents: [AnalyzedDocument?]
    init(_ documents: [AnalyzedDocument?]) { self.documents = documents }
}
