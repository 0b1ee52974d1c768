import Foundation
import Testing
@testable import Concord

/// Readers opening the index while a writer commits again and again only ever see whole commits.
@Suite struct ConcurrentSearchTests {
    /// Made-up batch terms, one per commit, that appear nowhere else.
    static let batchTerms = ["quokkaz", "narvalo", "zibbet", "lorikan", "pangoru", "tamarix", "ocelodd", "wombaru"]
    static let batchSize = 40
    static let baseSize = 60

    /// The documents of batch `k` (1-based): all share the batch's term and the term `sharedword`.
    static func batchFile(_ k: Int) -> String {
        (0..<batchSize).map { i in
            "{\"id\": \"b\(k)-\(i)\", \"title\": \"Batch \(k) item \(i)\", \"summary\": \"\(batchTerms[k - 1]) sharedword filler text \(i)\"}\n"
        }.joined()
    }

    /// After commit `k`, batches k−1 and k are live (each commit adds one and deletes the one before the last).
    static func liveBatches(afterCommit k: Int) -> Set<Int> { k == 0 ? [] : Set([k - 1, k].filter { $0 >= 1 }) }

    @Test func searchersSeeOnlyCompleteCommits() throws {
        let folder = try TemporaryFolder("concurrent")
        defer { folder.remove() }
        let corpus = folder.appending("corpus")
        let base = (0..<Self.baseSize).map { i in
            "{\"id\": \"base-\(i)\", \"title\": \"Base \(i)\", \"summary\": \"sharedword steady text \(i)\"}\n"
        }.joined()
        try TestFiles.write(base, to: corpus + "/base.jsonl")
        let index = IndexFolder(path: folder.appending("index"))
        var options = CorpusIndexer.Options()
        options.ramBudget = 16 << 10          // several flushes inside each commit, all invisible until it
        options.mergePolicy = TieredMergePolicy(mergeFactor: 3, floorDocuments: 10)
        _ = try index.update(fromCorpus: corpus, options: options)

        let commits = Self.batchTerms.count
        let writerOptions = options
        let writer = BackgroundWriter()
        let thread = Thread {
            do {
                for k in 1...commits {
                    try TestFiles.write(Self.batchFile(k), to: corpus + "/batch\(k).jsonl")
                    if k >= 3 { try FileManager.default.removeItem(atPath: corpus + "/batch\(k - 2).jsonl") }
                    let report = try index.update(fromCorpus: corpus, options: writerOptions)
                    if !report.committed { throw CocoaError(.featureUnsupported) }
                }
            } catch {
                writer.fail(error)
            }
            writer.finish()
        }
        thread.start()

        var observations = 0
        var statesSeen = Set<Set<Int>>()
        // A bound for a hung writer, not a speed limit: on a loaded 2-core machine (the whole suite runs
        // in parallel, next to other builds) eight commits of one-document flushes can take a minute.
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            let done = writer.isDone
            let searcher = try index.openSearcher()
            var present = Set<Int>()
            for (offset, term) in Self.batchTerms.enumerated() {
                let total = try searcher.search(term, limit: 1).total
                #expect(total == 0 || total == Self.batchSize, "batch \(offset + 1) partly visible: \(total) documents")
                if total > 0 { present.insert(offset + 1) }
            }
            let isCommitted = (0...commits).contains { Self.liveBatches(afterCommit: $0) == present }
            #expect(isCommitted, "batches \(present.sorted()) visible together: not a committed state")
            let expectedCount = Self.baseSize + present.count * Self.batchSize
            #expect(searcher.documentCount == expectedCount)
            #expect(try searcher.search("sharedword", limit: 1).total == expectedCount)
            statesSeen.insert(present)
            observations += 1
            if done { break }
        }
        print("concurrent search: \(observations) searchers opened, states seen \(statesSeen.map { $0.sorted() })")
        #expect(writer.isDone, "the writer did not finish in time")
        #expect(writer.error == nil, "the writer failed: \(String(describing: writer.error))")
        #expect(statesSeen.contains(Self.liveBatches(afterCommit: commits)), "the last commit was never seen")
        #expect(observations > commits, "too few observations (\(observations)) to interleave with the commits")
        let health = try index.check()
        #expect(health.isHealthy && health.warnings.isEmpty, "\(health.problems) \(health.warnings)")
    }
}

/// Completion and failure of the background writer, shared with the test thread under a lock.
private final class BackgroundWriter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false
    private var failure: Error?

    var isDone: Bool { lock.withLock { done } }
    var error: Error? { lock.withLock { failure } }

    func finish() { lock.withLock { done = true } }
    func fail(_ error: Error) { lock.withLock { failure = error } }
}
