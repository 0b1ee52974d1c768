import ConcordAnalysis
@testable import ConcordIndex
import ConcordStorage
import Testing
@testable import ConcordSearch

/// The per-document cutoff inside scored blocks (`PseudoFrequencyCutoff`): a document whose
/// frequencies cannot reach the page even with its block's shortest fields is counted without its
/// lengths being read. Results stay those of exhaustive evaluation, and the cutoff keeps happening.
@Suite struct FrequencyCutoffTests {
    /// Every 100th document has the word in its title and once in a 40-word body; the others have it
    /// once in a 40-word body only. Every block then holds a title match, so its bound reaches the
    /// page (ten title matches), but a body-only document cannot, even with the block's shortest
    /// body: those are counted by the cutoff once the page is full of title matches.
    @Test func bodyOnlyMatchesAreCutOffInBlocksThatReachThePage() throws {
        try Self.expectBodyOnlyMatchesCutOff(words: "river", query: "river", seed: 21) { _, _ in "harbor" }
    }

    /// 4,000 documents whose 40-word filler body ends in `words`; every 100th (ids ending in 07) has
    /// `words` as its whole title, the others `otherTitle`'s. Once the page holds ten title matches, a
    /// body-only match cannot enter it even with its shortest possible fields: `query` gives exhaustive
    /// evaluation's results, a page of title matches, and over 2,500 of the 4,000 matches counted by the
    /// cutoff (none without pruning).
    static func expectBodyOnlyMatchesCutOff(words: String, query: String, seed: UInt64,
                                            otherTitle: (inout SeededGenerator, [String]) -> String) throws {
        let analyzer = try Analyzer()
        var rng = SeededGenerator(seed: seed)
        let filler = ["amber", "lantern", "meadow", "quartz", "harbor", "signal"]
        let documents: [[String: String]] = (0..<4000).map { i in
            let body = (0..<40).map { _ in filler[rng.int(0...5)] }.joined(separator: " ") + " " + words
            let title = otherTitle(&rng, filler)
            return ["id": "doc-\(String(format: "%05d", i))", "title": i % 100 == 7 ? words : title, "body": body]
        }
        let index = try OnDiskSearchTests.onDisk(documents, deleted: [], analyzer: analyzer)
        let pruning = Searcher(index: index)
        var exhaustive = pruning
        exhaustive.prunes = false
        let node = try QueryNode(parsing: query, tokenizer: analyzer)
        try DisjunctionPruningTests.expectSame(pruning, exhaustive, node, query)
        let got = try pruning.search(node, options: SearchOptions(limit: 10))
        #expect(got.total == 4000)
        #expect(got.hits.allSatisfy { $0.id.hasSuffix("07") })
        #expect(got.cutoffDocuments > 2500, "only \(got.cutoffDocuments) of 4000 matches of \(query) cut off")
        #expect(try exhaustive.search(node, options: SearchOptions(limit: 10)).cutoffDocuments == 0)
    }

    /// A count without a page (`limit` 0, what the "did you mean" check asks) scores no document: an
    /// unscoped term in a segment without deletions is counted from its skip entries, a scoped one or one
    /// with deletions from its decoded blocks; the totals are those of exhaustive evaluation.
    @Test func countsWithoutAPageScoreNothing() throws {
        let analyzer = try Analyzer()
        var rng = SeededGenerator(seed: 22)
        let words = ["river", "harbor", "amber", "meadow"]
        let documents: [[String: String]] = (0..<3000).map { i in
            ["id": "doc-\(i)", "title": words[rng.int(0...3)], "body": (0..<rng.int(1...30)).map { _ in words[rng.int(0...3)] }.joined(separator: " ")]
        }
        for deleted in [[], Set((0..<100).map { _ in rng.int(0...2999) })] as [Set<Int>] {
            let index = try OnDiskSearchTests.onDisk(documents, deleted: deleted, analyzer: analyzer)
            var exhaustive = Searcher(index: index)
            exhaustive.prunes = false
            for text in ["river", "title:river", "body:amber"] {
                let node = try QueryNode(parsing: text, tokenizer: analyzer)
                let got = try Searcher(index: index).search(node, options: SearchOptions(limit: 0))
                let want = try exhaustive.search(node, options: SearchOptions(limit: 10))
                #expect(got.total == want.total && got.total > 500, "\(text)")
                #expect(got.prunedDocuments == got.total, "\(text): \(got.total - got.prunedDocuments) documents scored")
                let fromSkipData = deleted.isEmpty && !text.contains(":")
                #expect((got.undecodedBlocks >= got.total / 128) == fromSkipData, "\(text): \(got.undecodedBlocks) blocks undecoded")
            }
        }
    }

    /// Random corpora (frequencies 1-6 in fields of random lengths, with and without deletions), random
    /// single terms, plain and scoped to a field, on several pages: the same totals, ids and scores as
    /// exhaustive evaluation.
    @Test(arguments: [(UInt64(41), false), (42, true), (43, true)])
    func singleTermsEqualExhaustiveEvaluation(seed: UInt64, withDeletions: Bool) throws {
        let analyzer = try Analyzer()
        var rng = SeededGenerator(seed: seed)
        let words = DisjunctionPruningTests.words
        let text = { (rng: inout SeededGenerator, count: Int) -> String in
            (0..<count).map { _ in
                let word = words[min(words.count - 1, rng.int(0...13))]
                return Array(repeating: word, count: rng.int(1...6) == 6 ? rng.int(2...6) : 1).joined(separator: " ")
            }.joined(separator: " ")
        }
        let (pruning, exhaustive) = try DisjunctionPruningTests.randomSearchers(
            &rng, documents: 1200...2000, withDeletions: withDeletions, title: 0...3, summary: 0...8, longBody: 120,
            analyzer: analyzer, text: text)
        var cut = 0
        for word in words {
            for prefix in ["", "title:", "summary:", "body:"] {
                let query = prefix + word
                let node = try QueryNode(parsing: query, tokenizer: analyzer)
                try DisjunctionPruningTests.expectSame(pruning, exhaustive, node, query)
                cut += try pruning.search(node, options: SearchOptions(limit: 10)).cutoffDocuments
            }
        }
        #expect(cut > 0, "the cutoff never happened")
    }

    /// The block-wide test of a term query's scored blocks (`excludesWithoutBranches`) answers as the
    /// per-document one for every frequency pattern, zero frequencies included, with finite factors;
    /// with an infinite factor it excludes nothing.
    @Test func branchFreeCutoffAnswersAsThePerDocumentOne() {
        var rng = SeededGenerator(seed: 44)
        for _ in 0..<2000 {
            let factors = (Double(rng.int(0...4000)) / 997, Double(rng.int(0...4000)) / 991, Double(rng.int(0...4000)) / 983)
            let cutoff = PseudoFrequencyCutoff(factors: factors, pseudoFrequency: Double(rng.int(1...6000)) / 1009)
            for _ in 0..<20 {
                let tf = (rng.chance(0.5) ? 0 : rng.int(1...9), rng.chance(0.5) ? 0 : rng.int(1...9), rng.chance(0.3) ? 0 : rng.int(1...9))
                #expect(cutoff.excludesWithoutBranches(tf) == cutoff.excludes(tf), "\(tf) \(factors)")
            }
        }
        let unbounded = PseudoFrequencyCutoff(factors: (Double.infinity, 1, 1), pseudoFrequency: 5)
        #expect(!unbounded.excludesWithoutBranches((0, 1, 1)))
        #expect(!unbounded.excludesWithoutBranches((1, 0, 0)))
    }
}
