import Foundation
import Testing
@testable import Concord

/// A searcher keeps its hits' decompressed stored-field chunks across queries (within its budget):
/// asking again decompresses nothing and answers the same, and a searcher with the cache turned off
/// answers the same too.
@Test func aRepeatedSearchReadsItsHitsFromKeptChunks() throws {
    let folder = try TemporaryFolder("chunk-reuse")
    defer { folder.remove() }
    var rng = SeededGenerator(seed: 31)
    var model = CorpusModel(root: folder.appending("corpus"))
    try model.populate(&rng)
    let index = IndexFolder(path: folder.appending("index"))
    _ = try index.update(fromCorpus: model.root, options: CorpusIndexer.Options())
    let searcher = try index.openSearcher()
    let segments = searcher.index.reader.segments
    #expect(segments.reduce(0) { $0 + $1.storedChunkCacheBudget } > 0)
    func counts() -> (hits: Int, misses: Int) {
        segments.reduce((0, 0)) { ($0.0 + $1.storedChunkCacheStatistics.hits, $0.1 + $1.storedChunkCacheStatistics.misses) }
    }
    let queries = (0..<8).map { _ in CorpusModel.word(&rng) } + ["*"]
    var first: [SearchResponse] = []
    for query in queries { first.append(try searcher.search(SearchRequest(query: query, limit: 10))) }
    let afterFirst = counts()
    #expect(afterFirst.misses > 0)
    for (query, earlier) in zip(queries, first) {
        let again = try searcher.search(SearchRequest(query: query, limit: 10))
        #expect(again.results.map(\.id) == earlier.results.map(\.id) && again.results.map(\.snippet) == earlier.results.map(\.snippet))
    }
    let afterSecond = counts()
    #expect(afterSecond.misses == afterFirst.misses, "a repeated search decompressed chunks again")
    #expect(afterSecond.hits > afterFirst.hits)

    // Without kept chunks (budget 0), the same answers.
    let plain = try index.openSearcher()
    for segment in plain.index.reader.segments { segment.storedChunkCacheBudget = 0 }
    for (query, earlier) in zip(queries, first) {
        let answer = try plain.search(SearchRequest(query: query, limit: 10))
        #expect(answer.results.map(\.id) == earlier.results.map(\.id))
        #expect(answer.results.map(\.title) == earlier.results.map(\.title) && answer.results.map(\.snippet) == earlier.results.map(\.snippet))
        #expect(answer.results.map(\.fields) == earlier.results.map(\.fields))
    }
}
