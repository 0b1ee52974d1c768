import ConcordAnalysis
@testable import ConcordSearch
import Testing

/// Runs random queries through a pruning searcher and an exhaustive one over the same index and expects
/// the same totals, hits and scores on every page (`DisjunctionPruningTests.expectSame`).
enum PruningComparison {
    /// On disk: a random 2,500-document index, with 200 random deletions when `withDeletions`.
    static func onDisk(seed: UInt64, withDeletions: Bool, queries: Int,
                       _ randomQuery: (inout SeededGenerator) -> String) throws {
        let analyzer = try Analyzer()
        let documents = OnDiskSearchTests.documents(seed: seed, count: 2500)
        var rng = SeededGenerator(seed: seed &+ 7)
        let deleted: Set<Int> = withDeletions ? Set((0..<200).map { _ in rng.int(0...(documents.count - 1)) }) : []
        let index = try OnDiskSearchTests.onDisk(documents, deleted: deleted, analyzer: analyzer)
        let pruning = Searcher(index: index)
        var exhaustive = pruning
        exhaustive.prunes = false
        for _ in 0..<queries {
            let text = randomQuery(&rng)
            try DisjunctionPruningTests.expectSame(pruning, exhaustive, try QueryNode(parsing: text, tokenizer: analyzer), text)
        }
    }

    /// In memory: three segments of a `RandomCorpus` with its deletions.
    static func inMemory(seed: UInt64, queries: Int, _ randomQuery: (inout SeededGenerator) -> String) throws {
        let analyzer = try Analyzer()
        let corpus = RandomCorpus(seed: seed, segmentCount: 3, docsPerSegment: 50...400)
        let segments = zip(corpus.segments, corpus.deleted).map { documents, deleted in
            var segment = InMemorySegment(documents: documents, tokenizer: analyzer)
            for doc in deleted { segment.delete(doc) }
            return segment
        }
        let pruning = Searcher(index: InMemoryIndex(segments: segments))
        var exhaustive = pruning
        exhaustive.prunes = false
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<queries {
            let text = randomQuery(&rng)
            try DisjunctionPruningTests.expectSame(pruning, exhaustive, try QueryNode(parsing: text, tokenizer: analyzer), text)
        }
    }
}
