import ConcordIndex
import ConcordIngest
import Foundation

/// Threads that analyze documents, one `DocumentAnalyzer` each (an analyzer is not thread-safe, and each
/// keeps its own word cache, whose keys the index builder reuses), taking pieces of batches from one
/// queue in the order they were submitted. The thread that submits is free meanwhile: while the workers
/// analyze one batch, the corpus reader parses the next.
///
/// A job may come with a follow-up (adding its documents to the writer): follow-ups run one at a time,
/// in the order their jobs were submitted, each once its job is analyzed, on the first worker, which
/// takes a ready follow-up before another piece and analyzes like the others meanwhile. No thread is set
/// aside for them: a dedicated adding thread, one of four threads on two cores, stood idle whenever no
/// batch was analyzed yet, while the analysis threads were short of a core. (Follow-ups stay on one
/// worker: run by whichever worker was free, the writer's frees and the analysis's allocations took the
/// same allocator locks from both threads, and waiting for them cost more than the idle time saved.)
///
/// `stop()` must be called once nothing more is submitted; pieces and follow-ups already queued are run first.
final class AnalysisWorkers: @unchecked Sendable {
    /// One piece of a batch: documents `range` of `job`.
    private struct Piece {
        let job: AnalysisJob
        let range: Range<Int>
    }

    /// What to run once `job` is analyzed.
    private struct FollowUp {
        let job: AnalysisJob
        let run: () -> Void
    }

    private let condition = NSCondition()
    /// Pieces not yet taken, oldest first (under `condition`).
    private var queue: [Piece] = []
    private var queueStart = 0
    /// Follow-ups not yet started, in submission order (under `condition`).
    private var followUps: [FollowUp] = []
    private var followUpsStart = 0
    /// Whether a worker is running a follow-up (under `condition`).
    private var followingUp = false
    private var stopping = false
    private let stopped = DispatchGroup()
    let count: Int

    /// Starts one thread per analyzer.
    init(analyzers: [DocumentAnalyzer]) {
        count = analyzers.count
        for (k, analyzer) in analyzers.enumerated() {
            stopped.enter()
            let thread = Thread { [self] in
                run(analyzer, followsUp: k == 0)
                stopped.leave()
            }
            thread.name = "concord.analysis"
            thread.start()
        }
    }

    /// Queues `job` in pieces of at most `pieceSize` documents; `job.analyzed` is left once all are done.
    /// `followUp`, when given, runs after every follow-up submitted before it, once `job` is analyzed.
    func submit(_ job: AnalysisJob, pieceSize: Int, followUp: (() -> Void)? = nil) {
        let step = max(1, pieceSize)
        condition.lock()
        for lower in stride(from: 0, to: job.documents.count, by: step) {
            job.analyzed.enter()
            job.piecesLeft += 1
            queue.append(Piece(job: job, range: lower..<min(lower + step, job.documents.count)))
        }
        if let followUp { followUps.append(FollowUp(job: job, run: followUp)) }
        condition.broadcast()
        condition.unlock()
    }

    /// Lets the threads end once every piece and follow-up has run, and waits for them.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        stopped.wait()
    }

    private enum Work {
        case piece(Piece)
        case followUp(FollowUp)
    }

    private func run(_ analyzer: DocumentAnalyzer, followsUp: Bool) {
        condition.lock()
        while let work = next(followsUp: followsUp) {
            condition.unlock()
            switch work {
            case .piece(let piece):
                let job = piece.job
                for i in piece.range {
                    job.store(analyzer.analyze(job.documents[i], indexedHash: job.hashes[i]), at: i)
                }
                job.analyzed.leave()
                condition.lock()
                job.piecesLeft -= 1
                // A worker waiting only for this job's follow-up to become ready takes it.
                if job.piecesLeft == 0 { condition.broadcast() }
            case .followUp(let followUp):
                followUp.run()
                condition.lock()
                followingUp = false
                // The next follow-up may be ready, and stopping workers may now end.
                condition.broadcast()
            }
        }
        condition.unlock()
    }

    /// The next work (under `condition`, held on return): the oldest follow-up once its job is analyzed
    /// and none runs, else the oldest queued piece, waiting for either; nil once stopping with nothing left.
    private func next(followsUp: Bool) -> Work? {
        while true {
            if followsUp, !followingUp, followUpsStart < followUps.count, followUps[followUpsStart].job.piecesLeft == 0 {
                let followUp = followUps[followUpsStart]
                followUpsStart += 1
                if followUpsStart == followUps.count {
                    followUps.removeAll(keepingCapacity: true)
                    followUpsStart = 0
                }
                followingUp = true
                return .followUp(followUp)
            }
            if queueStart < queue.count {
                let piece = queue[queueStart]
                queueStart += 1
                if queueStart == queue.count {
                    queue.removeAll(keepingCapacity: true)
                    queueStart = 0
                }
                return .piece(piece)
            }
            if stopping && (!followsUp || !followingUp && followUpsStart == followUps.count) { return nil }
            condition.wait()
        }
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
    /// Pieces queued and not yet analyzed (under the workers' lock).
    fileprivate var piecesLeft = 0

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
