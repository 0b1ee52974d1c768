import ConcordAnalysis
import ConcordIndex
import Testing
@testable import ConcordSearch

/// Booleans of terms with a required term (`+a +b`, `+a b`, `a -b`, `+a -b c`, field scopes) evaluated
/// by `ConjunctionCollector` (leapfrog over ids, block-max and MaxScore pruning) against the exhaustive
/// document-at-a-time evaluation of the same index: same totals, same pages, bit-identical scores; and
/// pruning keeps happening where most matches cannot reach the top 10.
@Suite struct ConjunctionPruningTests {
    static let words = DisjunctionPruningTests.words

    /// 1–5 clauses, each required, optional or excluded (a term or a two-word phrase), some scoped to a
    /// field; at least one required clause, or a single optional one beside exclusions (the shapes the
    /// collector takes).
    static func randomBoolean(_ rng: inout SeededGenerator) -> String {
        var clauses: [String] = []
        let count = rng.int(1...5)
        for _ in 0..<count {
            let word = words[rng.int(0...(words.count - 1))]
            let scope = rng.int(0...7) == 0 ? "title:" : rng.int(0...7) == 0 ? "body:" : ""
            switch rng.int(0...5) {
            case 0, 1, 2: clauses.append("+" + scope + word)
            case 3, 4: clauses.append(scope + word)
            default:
                // Some exclusions are phrases: checked through their scorers, not as term cursors.
                if rng.int(0...2) == 0 {
                    clauses.append("-\"" + word + " " + words[rng.int(0...(words.count - 1))] + "\"")
                } else {
                    clauses.append("-" + word)
                }
            }
        }
        if !clauses.contains(where: { $0.hasPrefix("+") }) {
            // A lone optional term beside exclusions, or make the first clause required.
            let optional = clauses.filter { !$0.hasPrefix("-") }
            if optional.count != 1 { clauses[0] = "+" + clauses[0].drop { $0 == "-" } }
        }
        return clauses.joined(separator: " ")
    }

    @Test(arguments: [(UInt64(31), false), (32, true), (33, true)])
    func onDiskBooleansEqualExhaustiveEvaluation(seed: UInt64, withDeletions: Bool) throws {
        try PruningComparison.onDisk(seed: seed, withDeletions: withDeletions, queries: 40) { Self.randomBoolean(&$0) }
    }

    @Test(arguments: [41, 42] as [UInt64])
    func inMemoryBooleansEqualExhaustiveEvaluation(seed: UInt64) throws {
        try PruningComparison.inMemory(seed: seed, queries: 30) { rng in
            (0..<rng.int(1...5)).map { k in
                let word = testVocabulary[rng.int(0...(testVocabulary.count - 1))]
                return k == 0 ? "+" + word : ["+", "", "-"][rng.int(0...2)] + word
            }.joined(separator: " ")
        }
    }

    /// 30 documents (the first 20 and 10 late ones) have "river stone" in their title; the other 3,970
    /// have the words once in a long body, so their block bounds stay far below the tenth score once the
    /// first blocks have filled the collector, and they are counted without being scored — for AND,
    /// required + optional and negation alike.
    @Test func conjunctionPruningKeepsHappening() throws {
        let analyzer = try Analyzer()
        var rng = SeededGenerator(seed: 19)
        let filler = ["amber", "lantern", "meadow", "harbor", "signal"]
        let documents: [[String: String]] = (0..<4000).map { i in
            let body = (0..<rng.int(40...90)).map { _ in filler[rng.int(0...4)] }.joined(separator: " ")
            let tail = i % 50 == 7 ? " river stone quartz" : " river stone"
            return ["id": "doc-\(String(format: "%05d", i))", "title": i < 20 || (3000..<3010).contains(i) ? "river stone" : "harbor",
                    "summary": "cloud", "body": body + tail]
        }
        let index = try OnDiskSearchTests.onDisk(documents, deleted: [], analyzer: analyzer)
        let pruning = Searcher(index: index)
        var exhaustive = pruning
        exhaustive.prunes = false
        for (text, total) in [("+river +stone", 4000), ("+river stone", 4000), ("+river cloud", 4000),
                              ("river -quartz", 3920), ("+river +stone -quartz", 3920)] {
            let node = try QueryNode(parsing: text, tokenizer: analyzer)
            try DisjunctionPruningTests.expectSame(pruning, exhaustive, node, text)
            let got = try pruning.search(node, options: SearchOptions(limit: 10))
            #expect(got.total == total, "\(text)")
            #expect(got.prunedDocuments > 3000, "\(text): only \(got.prunedDocuments) of \(got.total) matches left unscored")
            #expect(try exhaustive.search(node, options: SearchOptions(limit: 10)).prunedDocuments == 0)
        }
    }

    /// Every block of "river" holds a document that reaches the page ("river" twice in its title), so no
    /// block can be skipped for `river -quartz`; the other documents, with "river" once in a long body,
    /// score below the page however short their fields within the block, and are counted without being
    /// scored (`PseudoFrequencyCutoff`): the same page and total as the exhaustive evaluation.
    @Test func negationCountsUnpromisingDocumentsOfPromisingBlocks() throws {
        try Self.expectCountedUnscored("river -quartz", total: 3920, moreThan: 3000, seed: 23) { i in
            ["title": i % 16 == 3 ? "river river" : "harbor", "summary": "cloud",
             "tail": i % 50 == 7 ? " river quartz" : " river"]
        }
    }

    /// `+river cloud` where "cloud" is common elsewhere (so it adds little) but in few documents of
    /// "river": the page is the documents with "river" twice in their title, one in every block, so no
    /// block can be skipped, and the documents with "river" once in a long body and no "cloud" score the
    /// leader's contribution alone, below the page: counted without being scored, with the same page and
    /// total as the exhaustive evaluation.
    @Test func requiredPlusOptionalCountsLeaderOnlyDocumentsOfPromisingBlocks() throws {
        try Self.expectCountedUnscored("+river cloud", total: 1000, moreThan: 700, seed: 29) { i in
            let river = i % 4 == 0
            return ["title": i % 64 == 0 ? "river river" : "harbor", "summary": !river || i % 32 == 4 ? "cloud" : "mist",
                    "tail": river ? " river" : ""]
        }
    }

    /// 4,000 documents, each a long body of filler words followed by `fields(i)["tail"]`, with the title
    /// and summary `fields(i)` gives: `text` has the same page as the exhaustive evaluation, `total`
    /// matches, and more than `pruned` of them left unscored.
    static func expectCountedUnscored(_ text: String, total: Int, moreThan pruned: Int, seed: UInt64,
                                      _ fields: (Int) -> [String: String]) throws {
        let analyzer = try Analyzer()
        var rng = SeededGenerator(seed: seed)
        let filler = ["amber", "lantern", "meadow", "harbor", "signal"]
        let documents: [[String: String]] = (0..<4000).map { i in
            let body = (0..<rng.int(40...90)).map { _ in filler[rng.int(0...4)] }.joined(separator: " ")
            let f = fields(i)
            return ["id": "doc-\(String(format: "%05d", i))", "title": f["title"] ?? "", "summary": f["summary"] ?? "",
                    "body": body + (f["tail"] ?? "")]
        }
        let index = try OnDiskSearchTests.onDisk(documents, deleted: [], analyzer: analyzer)
        let pruning = Searcher(index: index)
        var exhaustive = pruning
        exhaustive.prunes = false
        let node = try QueryNode(parsing: text, tokenizer: analyzer)
        try DisjunctionPruningTests.expectSame(pruning, exhaustive, node, text)
        let got = try pruning.search(node, options: SearchOptions(limit: 10))
        #expect(got.total == total, "\(text)")
        #expect(got.prunedDocuments > pruned, "\(text): only \(got.prunedDocuments) of \(got.total) matches left unscored")
    }
}
