import ConcordIndex
import ConcordIngest
import Foundation

/// Threads that analyze documents, one `DocumentAnalyzer` each (an analyzer is not thread-safe, and each
/// keeps its own word cache, whose keys the index builder reuses), taking pieces of batches from one
/// queue in the order they were submitted. The thread that submits is free meanwhile: while the workers
/// analyze one batch, the corpus reader parses the next and the writer adds an earlier one.
///
/// `stop()` must be called once nothing more is submitted; pieces already queued are analyzed first.
final class AnalysisWorkers: @unchecked Sendable {
    /// One piece of a batch: documents `range` of `job`.
    private struct Piece {
        let job: AnalysisJob
        let range: Range<Int>
    }

    private let condition = NSCondition()
    /// Pieces not yet taken, oldest first (under `condition`).
    private var queue: [Piece] = []
    private var queueStart = 0
    private var stopping = false
    private let stopped = DispatchGroup()
    let count: Int

    /// Starts one thread per analyzer.
    init(analyzers: [DocumentAnalyzer]) {
        count = analyzers.count
        for analyzer in analyzers {
            stopped.enter()
            let thread = Thread { [self] in
                run(analyzer)
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
        for lower in stride(from: 0, to: job.documents.count, by: step) {
            job.analyzed.enter()
            queue.append(Piece(job: job, range: lower..<min(lower + step, job.documents.count)))
        }
        condition.broadcast()
        condition.unlock()
    }

    /// Lets the threads end once the queue is empty, and waits for them.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        stopped.wait()
    }

    private func run(_ analyzer: DocumentAnalyzer) {
        while let piece = next() {
            let job = piece.job
            // Each document is read in place (through a buffer pointer), not copied out of the array with a
            // retain and release of each of its strings.
            job.documents.withUnsafeBufferPointer { documents in
                for i in piece.range {
                    job.store(analyzer.analyze(documents[i], indexedHash: job.hashes[i]), at: i)
                }
            }
            job.analyzed.leave()
        }
    }

    /// The oldest queued piece, waiting for one; nil once stopping and the queue is empty.
    private func next() -> Piece? {
        condition.lock()
        defer { condition.unlock() }
        while queueStart == queue.count {
            if stopping { return nil }
            condition.wait()
        }
        let piece = queue[queueStart]
        queueStart += 1
        if queueStart == queue.count {
            queue.removeAll(keepingCapacity: true)
            queueStart = 0
        }
        return piece
    }
}

/// A batch of documents on its way through analysis to the writer: the workers fill the results (each
/// index by one worker only, so they write through a pointer rather than into a shared array value) and
/// leave `analyzed` piece by piece; the adding queue waits on it, then moves each document out with
/// `take` instead of copying it (a copy retains and releases every array and string it holds).
final class AnalysisJob: @unchecked Sendable {
    let documents: [Document]
    let hashes: [UInt64?]
    private let results: UnsafeMutablePointer<AnalyzedDocument?>
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
