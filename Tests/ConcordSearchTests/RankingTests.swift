import ConcordAnalysis
import Testing
@testable import ConcordSearch

// MARK: - Top-k, paging and tie order

/// Many exact ties (identical documents) with ids whose order differs from document order.
private func tiedCorpus(tokenizer: some TextTokenizing) -> InMemoryIndex {
    var rng = SeededGenerator(seed: 5)
    let bodies = ["river", "river river", "river stone", "stone"]
    var segments: [InMemorySegment] = []
    for s in 0..<3 {
        var docs: [[String: String]] = []
        for n in 0..<25 {
            let id = String(UInt32.random(in: 0...UInt32.max, using: &rng), radix: 36) + "-\(s)-\(n)"
            docs.append(["id": id, "body": bodies[n % bodies.count]])
        }
        var segment = InMemorySegment(documents: docs, tokenizer: tokenizer)
        segment.delete(Int32(s + 2))
        segments.append(segment)
    }
    return InMemoryIndex(segments: segments)
}

@Test func pagesAreSlicesOfTheFullSortedList() throws {
    let analyzer = try Analyzer()
    let searcher = Searcher(index: tiedCorpus(tokenizer: analyzer))
    let query = Query(parsing: "river stone", tokenizer: analyzer)
    let full = try searcher.search(query, page: 1, limit: 1000)
    // The full list is ordered by score descending then id ascending.
    let resorted = full.hits.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
    #expect(full.hits.map(\.id) == resorted.map(\.id))
    #expect(full.total == full.hits.count)
    #expect(Set(full.hits.map(\.score)).count < full.hits.count, "corpus must contain ties")
    for limit in [1, 3, 7, 10] {
        var page = 1
        while (page - 1) * limit <= full.total + limit {
            let results = try searcher.search(query, page: page, limit: limit)
            let start = min((page - 1) * limit, full.total)
            let expected = full.hits[start..<min(full.total, start + limit)].map(\.id)
            #expect(results.total == full.total)
            #expect(results.hits.map(\.id) == expected, "page \(page) limit \(limit)")
            page += 1
        }
    }
}

@Test func pagePastTheEndHasTotalButNoHits() throws {
    let analyzer = try Analyzer()
    let searcher = Searcher(index: tiedCorpus(tokenizer: analyzer))
    let query = Query(parsing: "stone", tokenizer: analyzer)
    let results = try searcher.search(query, page: 1_000, limit: 10)
    #expect(results.hits.isEmpty)
    #expect(results.total == (try searcher.search(query, limit: 1000)).hits.count)
    #expect(try searcher.search(query, page: Int.max, limit: Int.max).hits.isEmpty)
}

@Test func invalidPagingIsATypedError() throws {
    let analyzer = try Analyzer()
    let searcher = Searcher(index: tiedCorpus(tokenizer: analyzer))
    let query = Query(parsing: "stone", tokenizer: analyzer)
    #expect(throws: SearchError.invalidPaging(page: 0, limit: 10)) { try searcher.search(query, page: 0, limit: 10) }
    #expect(throws: SearchError.invalidPaging(page: 1, limit: -1)) { try searcher.search(query, page: 1, limit: -1) }
}

/// Many ties on score (20 values over 500 entries): ids decide, fetched only where ties need them.
@Test(arguments: [1, 10, 100])
func collectorKeepsBestEntriesInRankOrder(capacity: Int) throws {
    var rng = SeededGenerator(seed: 77)
    var all: [TopKCollector.Entry] = []
    var ids: [Int32: String] = [:]
    for n in 0..<500 {
        let id = "id\(Int.random(in: 0..<50, using: &rng))"
        ids[Int32(n)] = id
        all.append(TopKCollector.Entry(score: Double(Int.random(in: 0..<20, using: &rng)), segment: n % 3, doc: Int32(n), id: id))
    }
    var collector = TopKCollector(capacity: capacity) { _, doc in ids[doc] ?? "" }
    for entry in all { try collector.offer(score: entry.score, segment: entry.segment, doc: entry.doc) }
    let expected = all.sorted(by: TopKCollector.Entry.ranksBefore).prefix(capacity)
    let got = try collector.sorted()
    #expect(got.map(\.doc) == expected.map(\.doc))
    #expect(got.map(\.id) == expected.map { $0.id ?? "" })
}

/// Distinct, rising scores: every entry enters the heap, but no tie needs an id, so only the kept
/// entries' ids are fetched, at the end.
@Test func collectorFetchesIdsOnlyForTiesAndTheKeptEntries() throws {
    var collector = TopKCollector(capacity: 10) { segment, doc in "s\(segment)-d\(doc)" }
    for n in 0..<1000 { try collector.offer(score: Double(n), segment: 0, doc: Int32(n)) }
    #expect(collector.fetchedIDs == 0)
    let got = try collector.sorted()
    #expect(got.map(\.doc) == Array((990..<1000).reversed()))
    #expect(got.first?.id == "s0-d999")
    #expect(collector.fetchedIDs == 10)
}

@Test func deletedDocumentsNeverMatchAndDoNotCount() throws {
    let analyzer = try Analyzer()
    var segment = InMemorySegment(documents: [
        ["id": "a", "body": "river"], ["id": "b", "body": "river"], ["id": "c", "body": "stone"],
    ], tokenizer: analyzer)
    segment.delete(1)
    let index = InMemoryIndex(segments: [segment])
    #expect(index.liveDocumentCount == 2)
    let results = try Searcher(index: index).search(Query(parsing: "river", tokenizer: analyzer), explain: true)
    #expect(results.hits.map(\.id) == ["a"] && results.total == 1)
    #expect(results.hits.first?.explanation?.clauses.first?.documentFrequency == 1)
    #expect(results.hits.first?.storedFields["body"] == "river")
}
