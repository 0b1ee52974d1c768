import ConcordAnalysis
import Foundation
import Testing
@testable import ConcordSearch

// MARK: - Benchmark (opt-in: CONCORD_SEARCH_BENCH=1, ideally with -c release)

@Test(.enabled(if: ProcessInfo.processInfo.environment["CONCORD_SEARCH_BENCH"] != nil))
func benchmarkSingleTermTopTenOnInMemoryIndex() throws {
    let analyzer = try Analyzer()
    var rng = SeededGenerator(seed: 1)
    let vocabulary = (0..<2000).map { "w\($0)" }
    var docs: [[String: String]] = []
    for n in 0..<64_000 {
        // Zipf-ish: low word numbers are common.
        let body = (0..<60).map { _ in vocabulary[Int(Double(vocabulary.count) * pow(Double.random(in: 0..<1, using: &rng), 3))] }
        docs.append(["id": "d\(n)", "title": body.prefix(5).joined(separator: " "), "body": body.joined(separator: " ")])
    }
    let index = InMemoryIndex(segments: [InMemorySegment(documents: docs, tokenizer: analyzer)])
    let searcher = Searcher(index: index)
    for text in ["w5", "w300", "w5 w300", "\"w1 w2\""] {
        let query = Query(parsing: text, tokenizer: analyzer)
        _ = try searcher.search(query)
        let rounds = 50
        let start = DispatchTime.now().uptimeNanoseconds
        var total = 0
        for _ in 0..<rounds { total = try searcher.search(query).total }
        let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6 / Double(rounds)
        print("bench \(text): \(total) matches, \(String(format: "%.3f", ms)) ms/query")
    }
}
