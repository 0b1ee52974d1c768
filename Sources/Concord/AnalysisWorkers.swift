import ConcordIndex
import ConcordIngest
import Foundation

/// Threads that analyze documents, one `DocumentAnalyzer` each (an analyzer is not thread-safe, and each
/// keeps its own word cache, whose keys the index builder reuses), taking pieces of batches from one
/// queue in the order they were submitted. The thread that submits is free meanwhile: while the workers
/// analyze one batch, the corpus reader parses the next and the writer adds an earlier one.
///
/// Each worker also lets go of the analyzed documents it made, once the writer is done with them
/// (`dispose`): freed on the writer's thread, their arrays went back to the allocator arena of the worker
/// that allocated them, under that arena's lock, and the writer kept waiting for the lock while the
/// worker allocated (64% of a Debian build's context switches were the writer blocked in `free`, and the
/// two cores were 88% busy while documents were read).
///
/// `stop()` must be called once nothing more is submitted or handed back; pieces already queued are analyzed
/// first.
final class AnalysisWorkers: @unchecked Sendable {
    /// One piece of a batch: piece `index` of `job` (its documents: `job.pieceRange(index)`).
    private struct Piece {
        let job: AnalysisJob
        let index: Int
    }

    private let condition = NSCondition()
    /// Pieces not yet taken, oldest first (under `condition`).
    private var queue: [Piece] = []
    private var queueStart = 0
    /// Per worker, pieces whose documents it analyzed and may now let go of (under `condition`).
    private var disposals: [[Piece]]
    private var stopping = false
    private let stopped = DispatchGroup()
    let count: Int

    /// Starts one thread per analyzer.
    init(analyzers: [DocumentAnalyzer]) {
        count = analyzers.count
        disposals = Array(repeating: [], count: analyzers.count)
        for (worker, analyzer) in analyzers.enumerated() {
            stopped.enter()
            let thread = Thread { [self] in
                run(analyzer, worker: worker)
                stopped.leave()
            }
            thread.name = "concord.analysis"
            thread.start()
        }
    }

    /// Queues `job` in pieces of at most `pieceSize` documents; `job.analyzed` is left once all are done.
    func submit(_ job: AnalysisJob, pieceSize: Int) {
        let step = max(1, pieceSize)
        condition.lock()
        job.setPieces(size: step)
        for index in 0..<job.pieceCount {
            job.analyzed.enter()
            queue.append(Piece(job: job, index: index))
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Hands `job`'s analyzed documents back to the workers that made them, to be let go of there. Only
    /// once the job is done with (every document read); documents taken out of it are not touched.
    func dispose(_ job: AnalysisJob) {
        condition.lock()
        for index in 0..<job.pieceCount {
            let worker = job.worker(ofPiece: index)
            guard worker >= 0 && worker < disposals.count else { continue }
            disposals[worker].append(Piece(job: job, index: index))
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Lets the threads end once the queue is empty and each has let go of the documents handed back to it
    /// (`dispose` must not be called after this), and waits for them.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        stopped.wait()
    }

    private func run(_ analyzer: DocumentAnalyzer, worker: Int) {
        while let (piece, disposing) = next(worker: worker) {
            let job = piece.job
            let range = job.pieceRange(piece.index)
            if disposing {
                job.dispose(range)
                continue
            }
            // Each document is read in place (through a buffer pointer), not copied out of the array with a
            // retain and release of each of its strings.
            job.documents.withUnsafeBufferPointer { documents in
                for i in range {
                    job.store(analyzer.analyze(documents[i], indexedHash: job.hashes[i]), at: i)
                }
            }
            job.setWorker(worker, ofPiece: piece.index)
            job.analyzed.leave()
        }
    }

    /// This worker's next task, waiting for one: documents of its own to let go of first, then the oldest
    /// queued piece to analyze; nil once stopping with neither left.
    private func next(worker: Int) -> (Piece, disposing: Bool)? {
        condition.lock()
        defer { condition.unlock() }
        while queueStart == queue.count && disposals[worker].isEmpty {
            if stopping { return nil }
            condition.wait()
        }
        if let piece = disposals[worker].popLast() { return (piece, true) }
        let piece = queue[queueStart]
        queueStart += 1
        if queueStart == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueStart = 0
        }
        return (piece, false)
    }
}

/// A batch of documents on its way through analysis to the writer: the workers fill the results (each
/// index by one worker only, so they write through a pointer rather than into a shared array value) and
/// leave `analyzed` piece by piece; the adding queue waits on it, reads each document in place
/// (`withResult`) and hands the job back to the workers to let go of (`AnalysisWorkers.dispose`).
final class AnalysisJob: @unchecked Sendable {
    let documents: [Document]
    let hashes: [UInt64?]
    private let results: UnsafeMutablePointer<AnalyzedDocument?>
    /// Per piece, the worker that analyzed it (−1: not yet); each written by that worker before it leaves
    /// `analyzed`, read after `analyzed` is waited for.
    private var pieceWorkers: UnsafeMutablePointer<Int>?
    /// Documents per piece (the last may have fewer) and pieces; set by `AnalysisWorkers.submit`.
    private var pieceSize = 1
    private(set) var pieceCount = 0
    let analyzed = DispatchGroup()

    init(documents: [Document], hashes: [UInt64?]) {
        self.documents = documents
        self.hashes = hashes
        results = .allocate(capacity: documents.count)
        results.initialize(repeating: nil, count: documents.count)
    }

    deinit {
        results.deinitialize(count: documents.count)
        results.deallocate()
        pieceWorkers?.deallocate()
    }

    /// Called once, by `AnalysisWorkers.submit` before any piece is queued.
    fileprivate func setPieces(size: Int) {
        precondition(pieceWorkers == nil && size > 0, "a job is submitted once")
        pieceSize = size
        pieceCount = (documents.count + size - 1) / size
        pieceWorkers = .allocate(capacity: max(1, pieceCount))
        pieceWorkers?.initialize(repeating: -1, count: max(1, pieceCount))
    }

    /// The documents of piece `index`.
    fileprivate func pieceRange(_ index: Int) -> Range<Int> {
        index * pieceSize..<min((index + 1) * pieceSize, documents.count)
    }

    fileprivate func setWorker(_ worker: Int, ofPiece index: Int) { pieceWorkers?[index] = worker }

    func worker(ofPiece index: Int) -> Int { pieceWorkers?[index] ?? -1 }

    /// Lets go of the results in `range` (by the worker that made them).
    fileprivate func dispose(_ range: Range<Int>) {
        for i in range { (results + i).pointee = nil }
    }

    /// Reads the result of document `i` in place (nil once taken out).
    func withResult<Result>(_ i: Int, _ body: (AnalyzedDocument?) throws -> Result) rethrows -> Result {
        precondition(i >= 0 && i < documents.count)
        return try body(results[i])
    }

    /// Sets the result of document `i` (by the one worker analyzing it).
    func store(_ document: AnalyzedDocument, at i: Int) {
        precondition(i >= 0 && i < documents.count)
        results[i] = document
    }

    /// Moves the result of document `i` out, leaving nil.
    func take(_ i: Int) -> AnalyzedDocument? {
        precondition(i >= 0 && i < documents.count)
        let document = (results + i).move()
        (results + i).initialize(to: nil)
        return document
    }
}
