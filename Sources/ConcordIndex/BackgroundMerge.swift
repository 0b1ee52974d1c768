import ConcordStorage
import Dispatch

/// One merge of segments that the writer flushed in this run, running on its own thread while the
/// writer goes on adding documents (so merging overlaps analysis and buffering instead of waiting for
/// the commit). It opens its own readers and writes only its own new segment's files; the writer
/// swaps the result in (`IndexWriter.finishBackgroundMerge`) on its own thread.
final class BackgroundMerge: @unchecked Sendable {
    /// The segments being merged (flushed in this run, no deletions).
    let sources: [SegmentInfo]
    /// The new segment's name.
    let name: String
    private let finished = DispatchGroup()
    /// Written by the merge thread before it leaves `finished`; read only after waiting on it.
    private var outcome: Result<SegmentInfo, Error>?

    init(directory: Directory, sources: [SegmentInfo], into name: String) {
        self.sources = sources
        self.name = name
        finished.enter()
        DispatchQueue.global(qos: .utility).async { [self] in
            outcome = Result {
                let readers = try sources.map { try SegmentReader(directory: directory, info: $0, verifyChecksums: false) }
                return try SegmentMerger(directory: directory).merge(readers.map { ($0, nil) }, into: name)
            }
            finished.leave()
        }
    }

    /// About what the merge holds in memory: its per-document bookkeeping for the segment it writes and
    /// the window of its inputs it keeps resident (see `SegmentMerger`).
    var estimatedBytes: Int {
        sources.reduce(0) { $0 + $1.maxDoc } * IndexWriter.mergeBytesPerDocument + 2 * SegmentMerger.residentInputLimit
    }

    /// Whether the merge is over (successfully or not).
    var isFinished: Bool { finished.wait(timeout: .now()) == .success }

    /// Waits for the merge; returns the new segment or throws its error (its files are then gone).
    func result() throws -> SegmentInfo {
        finished.wait()
        guard let outcome else { preconditionFailure("a finished merge has an outcome") }
        return try outcome.get()
    }
}
