import ConcordAnalysis
import ConcordIndex
import ConcordIngest
import Foundation

/// Collects documents into batches and hands each to analysis threads (`AnalysisWorkers`, one analyzer
/// per worker, since an analyzer is not thread-safe) and then to the writer on a serial queue: reading
/// the next batch, analyzing this one and adding an earlier one all overlap, so both cores stay busy
/// (when the reader analyzed a share of each batch itself, a 450k-document build kept the two cores only
/// 80% busy: the reader parsed while the writer added, and the writer stood idle while every batch was
/// analyzed). Documents reach the writer in the order they came. `finish()` must be called: it waits for
/// the last batch and reports the first error.
///
/// At most `queuedBatches + 1` batches are in flight (being analyzed, or analyzed and waiting for or in
/// the writer); the reader waits for a place before handing over another.
final class AnalysisBatch: @unchecked Sendable {
    static let size = 1024
    /// The smallest batch a run that knows its total analyzes (see `batchSize`).
    static let smallestSize = 128
    /// Analyzed batches handed to the writer and not yet added, at most.
    static let queuedBatches = 2
    /// Analysis workers: one per core, at most 8.
    static var defaultWorkerCount: Int { max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8)) }

    private let workers: AnalysisWorkers
    /// Documents analyzed together: `size`, or for a run that adds fewer than 4 × `size` documents in all
    /// (an update), a quarter of them but at least `smallestSize`. With a single batch, adding to the writer
    /// (serial) could start only once every document was analyzed; with four, adding one batch overlaps
    /// analyzing the next (appending 1% of the Debian corpus: 637 documents in one batch left the writer's
    /// thread idle during analysis and the analysis workers idle during adding).
    let batchSize: Int
    /// Documents a worker takes from a batch at a time: small enough that the workers finish a batch
    /// together whatever its documents' sizes.
    private let pieceSize: Int
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
    /// Free places among the batches that may be in flight.
    private let queueSlots = DispatchSemaphore(value: AnalysisBatch.queuedBatches + 1)
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
        batchSize = total > 0 ? min(Self.size, max(Self.smallestSize, (total + 3) / 4)) : Self.size
        pieceSize = max(8, batchSize / (4 * analyzers.count))
        self.workers = AnalysisWorkers(analyzers: analyzers)
        self.writer = writer
        self.total = total
        self.progress = progress
        pending.reserveCapacity(batchSize)
    }

    deinit { workers.stop() }

    /// Analysis workers in use.
    var workerCount: Int { workers.count }

    /// Adds a document; `indexedHash`, when given, must be `DocumentAnalyzer.indexedHash(document)`
    /// (the corpus reader computes it already, and hashing every byte twice is measurable).
    func add(_ document: Document, indexedHash: UInt64? = nil) throws {
        pending.append(document)
        pendingHashes.append(indexedHash)
        if pending.count >= batchSize { try flush() }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        queueSlots.wait()
        if let error = firstAddError() {
            queueSlots.signal()
            throw error
        }
        let job = AnalysisJob(documents: pending, hashes: pendingHashes)
        pending.removeAll(keepingCapacity: true)
        pendingHashes.removeAll(keepingCapacity: true)
        workers.submit(job, pieceSize: pieceSize)
        inFlight.enter()
        adding.async { [writer] in
            defer {
                self.queueSlots.signal()
                self.inFlight.leave()
            }
            job.analyzed.wait()
            guard self.firstAddError() == nil else { return }
            do {
                // Read in place, and let go of by the workers that made them (see `AnalysisWorkers`).
                for i in job.documents.indices {
                    try job.withResult(i) { document in
                        if let document { try writer.addDocument(document) }
                    }
                }
            } catch {
                self.errorLock.withLock { if self.addError == nil { self.addError = error } }
            }
            self.workers.dispose(job)
        }
        done += job.documents.count
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
}
