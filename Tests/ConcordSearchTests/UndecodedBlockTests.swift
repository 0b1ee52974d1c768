import ConcordAnalysis
import Testing
@testable import ConcordSearch

/// A single-term query counts the blocks that cannot reach the page from their skip entries, without
/// decoding them — only where every posting is a match (an unscoped term, a segment without
/// deletions) — and finds the same page and total as exhaustive evaluation either way.
@Suite struct UndecodedBlockTests {
    /// 20 documents hold the word in the title and a short body; 3,000 others once in a long body.
    static func documents() -> [[String: String]] {
        var rng = SeededGenerator(seed: 12)
        let filler = ["amber", "lantern", "meadow", "quartz", "harbor", "signal"]
        return (0..<3020).map { i in
            let id = "doc-\(String(format: "%05d", i))"
            if i < 20 { return ["id": id, "title": "river", "body": "river bend"] }
            let body = (0..<60).map { _ in filler[rng.int(0...5)] }.joined(separator: " ") + " river"
            return ["id": id, "title": "harbor", "body": body]
        }
    }

    @Test func blocksBelowThePageAreCountedUndecoded() throws {
        let analyzer = try Analyzer()
        let index = try OnDiskSearchTests.onDisk(Self.documents(), deleted: [], analyzer: analyzer)
        let pruning = Searcher(index: index)
        var exhaustive = pruning
        exhaustive.prunes = false
        let node = try QueryNode(parsing: "river", tokenizer: analyzer)
        try DisjunctionPruningTests.expectSame(pruning, exhaustive, node, "river")
        let got = try pruning.search(node, options: SearchOptions(limit: 10))
        #expect(got.total == 3020)
        #expect(got.undecodedBlocks >= 15, "only \(got.undecodedBlocks) of 24 blocks counted from skip data")
        #expect(try exhaustive.search(node, options: SearchOptions(limit: 10)).undecodedBlocks == 0)
        // A deep page raises no threshold early enough: the same answer, whatever is decoded.
        let deep = try pruning.search(node, options: SearchOptions(page: 30, limit: 100))
        let deepExhaustive = try exhaustive.search(node, options: SearchOptions(page: 30, limit: 100))
        #expect(deep.total == deepExhaustive.total && deep.hits.map(\.id) == deepExhaustive.hits.map(\.id))
    }

    /// Deleted documents or a field scope make some postings non-matches: every block is decoded.
    @Test func deletionsAndScopesDecodeEveryBlock() throws {
        let analyzer = try Analyzer()
        let deleted: Set<Int> = [100, 2000]
        let withDeletions = try OnDiskSearchTests.onDisk(Self.documents(), deleted: deleted, analyzer: analyzer)
        let node = try QueryNode(parsing: "river", tokenizer: analyzer)
        var exhaustive = Searcher(index: withDeletions)
        exhaustive.prunes = false
        try DisjunctionPruningTests.expectSame(Searcher(index: withDeletions), exhaustive, node, "river with deletions")
        let got = try Searcher(index: withDeletions).search(node, options: SearchOptions(limit: 10))
        #expect(got.total == 3018 && got.undecodedBlocks == 0)

        let index = try OnDiskSearchTests.onDisk(Self.documents(), deleted: [], analyzer: analyzer)
        let scoped = try QueryNode(parsing: "body:river", tokenizer: analyzer)
        var scopedExhaustive = Searcher(index: index)
        scopedExhaustive.prunes = false
        try DisjunctionPruningTests.expectSame(Searcher(index: index), scopedExhaustive, scoped, "body:river")
        #expect(try Searcher(index: index).search(scoped, options: SearchOptions(limit: 10)).undecodedBlocks == 0)
    }
}
