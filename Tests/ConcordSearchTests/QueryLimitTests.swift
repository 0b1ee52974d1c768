import Testing
import ConcordAnalysis
@testable import ConcordSearch

/// A phrase term that counts how often it is compared: the work of mapping a phrase's parts to its
/// distinct terms, measured in operations rather than time.
private struct CountingTerm: Hashable {
    final class Counter { var comparisons = 0 }
    let text: String
    let counter: Counter
    static func == (a: CountingTerm, b: CountingTerm) -> Bool {
        a.counter.comparisons += 1
        return a.text == b.text
    }
    func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

/// Comparisons made to map a phrase of `length` words (all distinct but every tenth, a repeat).
private func mappingComparisons(length: Int) -> Int {
    let counter = CountingTerm.Counter()
    let terms = (0..<length).map { CountingTerm(text: $0 % 10 == 9 ? "x0" : "x\($0)", counter: counter) }
    let mapping = PhrasePostings.partsMapping(terms)
    let comparisons = counter.comparisons
    #expect(mapping.cursorOfPart.count == length)
    #expect(mapping.distinct.count == length - length / 10)
    #expect(zip(mapping.cursorOfPart, terms).allSatisfy { mapping.distinct[$0.0] == $0.1 })
    return comparisons
}

/// Phrase setup was quadratic (`firstIndex(of:)` per part); it must grow linearly with the phrase.
@Test func phraseSetupGrowsLinearlyWithThePhrase() {
    let small = mappingComparisons(length: 1_000)
    let large = mappingComparisons(length: 16_000)
    // 16 times the words: linear work is about 16 times as many comparisons (quadratic would be 256).
    #expect(large <= 16 * small * 2, "comparisons: \(small) for 1,000 words, \(large) for 16,000")
    #expect(large <= 16_000 * 8, "\(large) comparisons for 16,000 words")
}

@Test func queriesPastTheLimitsAreRefusedWithAClearError() throws {
    let analyzer = try Analyzer()
    let index = InMemoryIndex(segments: [InMemorySegment(
        documents: [["id": "a", "title": "w1 w2", "body": "w3"]], tokenizer: analyzer)])
    let searcher = Searcher(index: index)
    let atLimit = "\"" + (0..<Query.maximumTermCount).map { "w\($0)" }.joined(separator: " ") + "\""
    #expect(try searcher.search(Query(parsing: atLimit, tokenizer: analyzer)).total == 0)
    let overLimit = atLimit + " w1"
    #expect(throws: SearchError.tooManyTerms(count: Query.maximumTermCount + 1, limit: Query.maximumTermCount)) {
        _ = try searcher.search(Query(parsing: overLimit, tokenizer: analyzer))
    }
    let long = String(repeating: "w", count: Query.maximumTextBytes + 1)
    #expect(throws: SearchError.queryTooLong(bytes: Query.maximumTextBytes + 1, limit: Query.maximumTextBytes)) {
        try Query.checkLength(of: long)
    }
    #expect("\(SearchError.tooManyTerms(count: 2000, limit: 1024))".contains("at most 1024"))
}

@Test func queriesWithTooManyFuzzyTermsAreRefused() throws {
    let analyzer = try Analyzer()
    let index = InMemoryIndex(segments: [InMemorySegment(
        documents: [["id": "a", "title": "w1 w2", "body": "w3"]], tokenizer: analyzer)])
    let searcher = Searcher(index: index)
    let fuzzy = (0..<Query.maximumFuzzyTermCount).map { "word\($0)~" }
    let atLimit = try QueryNode(parsing: fuzzy.joined(separator: " "), tokenizer: analyzer)
    #expect(try searcher.search(atLimit, options: SearchOptions()).total == 0)
    let over = try QueryNode(parsing: "(" + fuzzy.joined(separator: " OR ") + ") AND other~1", tokenizer: analyzer)
    #expect(throws: SearchError.tooManyFuzzyTerms(count: Query.maximumFuzzyTermCount + 1, limit: Query.maximumFuzzyTermCount)) {
        _ = try searcher.search(over, options: SearchOptions())
    }
    #expect("\(SearchError.tooManyFuzzyTerms(count: 17, limit: 16))".contains("at most 16"))
}
