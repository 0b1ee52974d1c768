import ConcordAnalysis
import Testing
@testable import ConcordSearch

/// A phrase query alone (`PostingListScorer.collectAll`): a match whose occurrence counts cannot reach
/// the page even with every field empty is counted without its lengths being read or its score computed.
/// Results stay those of exhaustive evaluation, and the cutoff keeps happening.
@Suite struct PhraseCutoffTests {
    /// Every 100th document has the phrase as its whole title and once in a 40-word body; the others have
    /// a ten-word title and the phrase once in the body only. Once the page holds ten title matches, a
    /// body-only match cannot enter it even if its body were empty.
    @Test func bodyOnlyPhraseMatchesAreCutOffOnceThePageIsFull() throws {
        try FrequencyCutoffTests.expectBodyOnlyMatchesCutOff(words: "river stone", query: "\"river stone\"", seed: 31) { rng, filler in
            (0..<10).map { _ in filler[rng.int(0...5)] }.joined(separator: " ")
        }
    }

    /// Random corpora (words repeated in fields of random lengths, with and without deletions), random
    /// phrases of two and three words, plain and scoped to a field, on several pages: the same totals,
    /// ids and scores as exhaustive evaluation.
    @Test(arguments: [(UInt64(51), false), (52, true), (53, true)])
    func phrasesEqualExhaustiveEvaluation(seed: UInt64, withDeletions: Bool) throws {
        let analyzer = try Analyzer()
        var rng = SeededGenerator(seed: seed)
        let words = Array(DisjunctionPruningTests.words.prefix(5))
        let text = { (rng: inout SeededGenerator, count: Int) -> String in
            (0..<count).map { _ in words[min(words.count - 1, rng.int(0...6))] }.joined(separator: " ")
        }
        let (pruning, exhaustive) = try DisjunctionPruningTests.randomSearchers(
            &rng, documents: 1200...1800, withDeletions: withDeletions, title: 0...4, summary: 0...10, longBody: 100,
            analyzer: analyzer, text: text)
        var cut = 0
        for _ in 0..<25 {
            let phrase = (0..<rng.int(2...3)).map { _ in rng.pick(words) }.joined(separator: " ")
            for prefix in ["", "title:", "body:"] {
                let query = prefix + "\"" + phrase + "\""
                let node = try QueryNode(parsing: query, tokenizer: analyzer)
                try DisjunctionPruningTests.expectSame(pruning, exhaustive, node, query)
                cut += try pruning.search(node, options: SearchOptions(limit: 10)).cutoffDocuments
            }
        }
        #expect(cut > 0, "the cutoff never happened")
    }
}
