import ConcordAnalysis
import Foundation
import Testing
@testable import ConcordSearch

private func randomQueryText(_ rng: inout SeededGenerator, allowOperators: Bool) -> String {
    let clauseCount = Int.random(in: 1...4, using: &rng)
    return (0..<clauseCount).map { _ -> String in
        var text: String
        if Int.random(in: 0..<3, using: &rng) == 0 {
            let length = Int.random(in: 2...3, using: &rng)
            text = "\"" + (0..<length).map { _ in testVocabulary.randomElement(using: &rng) ?? "apple" }.joined(separator: " ") + "\""
        } else {
            text = testVocabulary.randomElement(using: &rng) ?? "apple"
        }
        if allowOperators {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0: text = "+" + text
            case 1: text = "-" + text
            default: break
            }
        }
        return text
    }.joined(separator: " ")
}

private func allHits(_ searcher: Searcher<InMemoryIndex>, _ query: Query, explain: Bool = false) throws -> SearchResults {
    try searcher.search(query, page: 1, limit: 10_000, explain: explain)
}

// MARK: - BM25F against an independent computation

@Test(arguments: [1, 2, 3, 7, 2024] as [UInt64])
func bm25fScoresMatchIndependentFormula(seed: UInt64) throws {
    let analyzer = try Analyzer()
    let corpus = RandomCorpus(seed: seed)
    let searcher = Searcher(index: corpus.index(tokenizer: analyzer))
    let oracle = corpus.oracle(tokenizer: analyzer)
    var rng = SeededGenerator(seed: seed &+ 1000)
    for _ in 0..<40 {
        let text = randomQueryText(&rng, allowOperators: true)
        let query = Query(parsing: text, tokenizer: analyzer)
        let expected = oracle.scores(query)
        let results = try allHits(searcher, query)
        #expect(results.total == expected.count, "seed \(seed) query \(text)")
        #expect(Set(results.hits.map(\.id)) == Set(expected.keys), "seed \(seed) query \(text)")
        for hit in results.hits {
            let want = try #require(expected[hit.id], "seed \(seed) query \(text)")
            #expect(relativeDifference(hit.score, want) < 1e-9, "seed \(seed) query \(text) id \(hit.id): \(hit.score) vs \(want)")
        }
    }
}

@Test func explanationAddsUpToScoreAndReportsStatistics() throws {
    let analyzer = try Analyzer()
    let corpus = RandomCorpus(seed: 99)
    let searcher = Searcher(index: corpus.index(tokenizer: analyzer))
    let oracle = corpus.oracle(tokenizer: analyzer)
    let query = Query(parsing: "river \"stone cloud\" +green", tokenizer: analyzer)
    let results = try searcher.search(query, limit: 5, explain: true)
    try #require(!results.hits.isEmpty)
    for hit in results.hits {
        let explanation = try #require(hit.explanation)
        #expect(explanation.score == hit.score)
        #expect(explanation.documentCount == oracle.documents.count)
        #expect(relativeDifference(explanation.clauses.reduce(0) { $0 + $1.contribution }, hit.score) < 1e-12)
        for clause in explanation.clauses {
            let queryClause = try #require(query.clauses.first { $0.description == clause.clause })
            #expect(clause.documentFrequency == oracle.documents.filter { oracle.contains(queryClause, $0) }.count)
            let doc = try #require(oracle.documents.first { $0.id == hit.id })
            #expect(clause.fields.map(\.termFrequency) == oracle.frequencies(queryClause, in: doc))
            #expect(clause.fields.map(\.length) == doc.fields.map(\.count))
            #expect(clause.fields.map(\.weight) == [2.0, 1.0, 1.0])
        }
    }
}

@Test func emptyFieldEverywhereGivesFiniteScores() throws {
    let analyzer = try Analyzer()
    let index = InMemoryIndex(segments: [InMemorySegment(
        documents: [["id": "a", "body": "river stone"], ["id": "b", "body": "river"]], tokenizer: analyzer)])
    let results = try Searcher(index: index).search(Query(parsing: "river", tokenizer: analyzer), explain: true)
    #expect(results.total == 2)
    #expect(results.hits.allSatisfy { $0.score.isFinite && $0.score > 0 })
    #expect(results.hits.first?.id == "b")  // shorter body ranks first
}

// MARK: - Phrases against a brute-force scan

@Test(arguments: [11, 12, 13, 14] as [UInt64])
func phraseHitsEqualBruteForceScan(seed: UInt64) throws {
    let analyzer = try Analyzer()
    let smallVocabulary = Array(testVocabulary.prefix(3))
    var rng = SeededGenerator(seed: seed)
    var docs: [[String: String]] = []
    for n in 0..<60 {
        docs.append(["id": "p\(n)", "title": randomText(&rng, maxWords: 5, vocabulary: smallVocabulary),
                     "summary": randomText(&rng, maxWords: 8, vocabulary: smallVocabulary),
                     "body": randomText(&rng, maxWords: 12, vocabulary: smallVocabulary)])
    }
    let corpus = { () -> RandomCorpus in
        var corpus = RandomCorpus(seed: 0, segmentCount: 0)
        corpus.segments = [Array(docs[0..<25]), Array(docs[25...])]
        corpus.deleted = [[3, 7], [0, 10]]
        return corpus
    }()
    let searcher = Searcher(index: corpus.index(tokenizer: analyzer))
    let oracle = corpus.oracle(tokenizer: analyzer)
    for _ in 0..<30 {
        let length = Int.random(in: 2...4, using: &rng)
        let text = "\"" + (0..<length).map { _ in smallVocabulary.randomElement(using: &rng) ?? "apple" }.joined(separator: " ") + "\""
        let query = Query(parsing: text, tokenizer: analyzer)
        let clause = try #require(query.clauses.first)
        let expected = oracle.documents.filter { oracle.contains(clause, $0) }
        let results = try searcher.search(query, limit: 1000, explain: true)
        #expect(Set(results.hits.map(\.id)) == Set(expected.map(\.id)), "seed \(seed) phrase \(text)")
        for hit in results.hits {
            let doc = try #require(expected.first { $0.id == hit.id })
            #expect(hit.explanation?.clauses.first?.fields.map(\.termFrequency) == oracle.frequencies(clause, in: doc),
                    "seed \(seed) phrase \(text) id \(hit.id)")
        }
    }
}

@Test func phraseMustBeInOneFieldAtExactOffsets() throws {
    let analyzer = try Analyzer()
    let index = InMemoryIndex(segments: [InMemorySegment(documents: [
        ["id": "split", "title": "green", "summary": "river"],
        ["id": "gap", "body": "green stone river"],
        ["id": "reversed", "body": "river green"],
        ["id": "exact", "body": "stone green river"],
    ], tokenizer: analyzer)])
    let results = try Searcher(index: index).search(Query(parsing: "\"green river\"", tokenizer: analyzer))
    #expect(results.hits.map(\.id) == ["exact"])
}

// MARK: - Boolean semantics against brute force

@Test(arguments: [21, 22, 23] as [UInt64])
func booleanMatchingEqualsBruteForce(seed: UInt64) throws {
    let analyzer = try Analyzer()
    let corpus = RandomCorpus(seed: seed, segmentCount: 4)
    let searcher = Searcher(index: corpus.index(tokenizer: analyzer))
    let oracle = corpus.oracle(tokenizer: analyzer)
    var rng = SeededGenerator(seed: seed)
    for _ in 0..<60 {
        let text = randomQueryText(&rng, allowOperators: true)
        let query = Query(parsing: text, tokenizer: analyzer)
        let expected = Set(oracle.documents.filter { oracle.matches(query, $0) }.map(\.id))
        let results = try searcher.search(query, limit: 0)
        #expect(results.total == expected.count && results.hits.isEmpty, "seed \(seed) query \(text)")
        #expect(Set(try allHits(searcher, query).hits.map(\.id)) == expected, "seed \(seed) query \(text)")
    }
}

@Test func mustShouldAndExclusionCombinations() throws {
    let analyzer = try Analyzer()
    let index = InMemoryIndex(segments: [InMemorySegment(documents: [
        ["id": "a", "body": "river stone"],
        ["id": "b", "body": "river"],
        ["id": "c", "body": "stone cloud"],
        ["id": "d", "body": "cloud"],
    ], tokenizer: analyzer)])
    let searcher = Searcher(index: index)
    func ids(_ text: String) throws -> [String] {
        try searcher.search(Query(parsing: text, tokenizer: analyzer)).hits.map(\.id).sorted()
    }
    #expect(try ids("river stone") == ["a", "b", "c"])
    #expect(try ids("+river stone") == ["a", "b"])
    #expect(try ids("+river +stone") == ["a"])
    #expect(try ids("river -stone") == ["b"])
    #expect(try ids("stone cloud -river") == ["c", "d"])
    #expect(try ids("+cloud -\"stone cloud\"") == ["d"])
    // A should clause only adds score when there is a must.
    let ranked = try searcher.search(Query(parsing: "+river stone", tokenizer: analyzer)).hits.map(\.id)
    #expect(ranked.first == "a")
}
