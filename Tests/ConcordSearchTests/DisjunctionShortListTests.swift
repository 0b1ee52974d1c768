import ConcordAnalysis
import ConcordIndex
import Testing
@testable import ConcordSearch

/// Ranked OR queries mixing rare terms (lists of one block, which `DisjunctionCollector` scores before
/// its first window to get a floor and tight bounds) with common ones (non-essential once their window
/// bounds cannot reach the threshold): the same totals, pages and bit-identical scores as exhaustive
/// evaluation, and the common terms' documents stay unscored when the rare term fills the page (the
/// commonest then counted from its length and read only where the others have documents).
@Suite struct DisjunctionShortListTests {
    static let common = ["river", "stone", "cloud", "treaty", "harbor", "signal"]
    /// Each rare word is in about 1/`rarity` of the documents (a few to a few hundred).
    static let rare: [(word: String, rarity: Int)] = [("zephyr", 400), ("obelisk", 120), ("walrus", 40), ("fjord", 15), ("kiln", 2000)]

    static func documents(seed: UInt64, count: Int) -> [[String: String]] {
        var rng = SeededGenerator(seed: seed)
        func text(_ words: Int) -> String {
            (0..<words).map { _ -> String in
                for (word, rarity) in rare where rng.int(0...(rarity * 20)) == 0 { return word }
                return common[rng.int(0...(common.count - 1))]
            }.joined(separator: " ")
        }
        return (0..<count).map { i in
            ["id": "doc-\(String(format: "%05d", (i * 7919) % count))", "title": text(rng.int(0...5)),
             "summary": text(rng.int(0...25)), "body": text(rng.int(0...60))]
        }
    }

    static func randomQuery(_ rng: inout SeededGenerator) -> String {
        (0..<rng.int(2...5)).map { _ in
            let word = rng.chance(0.5) ? rare[rng.int(0...(rare.count - 1))].word : common[rng.int(0...(common.count - 1))]
            switch rng.int(0...7) {
            case 0: return "title:" + word
            case 1: return "summary:" + word
            default: return word
            }
        }.joined(separator: " ")
    }

    @Test(arguments: [(UInt64(31), false), (32, true), (33, false)])
    func shortAndLongListsEqualExhaustiveEvaluation(seed: UInt64, withDeletions: Bool) throws {
        let analyzer = try Analyzer()
        let documents = Self.documents(seed: seed, count: 6000)
        var rng = SeededGenerator(seed: seed &+ 5)
        let deleted: Set<Int> = withDeletions ? Set((0..<400).map { _ in rng.int(0...(documents.count - 1)) }) : []
        let index = try OnDiskSearchTests.onDisk(documents, deleted: deleted, analyzer: analyzer)
        let pruning = Searcher(index: index)
        var exhaustive = pruning
        exhaustive.prunes = false
        for _ in 0..<40 {
            let text = Self.randomQuery(&rng)
            try DisjunctionPruningTests.expectSame(pruning, exhaustive, try QueryNode(parsing: text, tokenizer: analyzer), text)
        }
    }

    /// 3,000 documents hold the common word once in a long body; 12 late ones hold the rare word in
    /// their title. Without the floor from the rare term's list, the common documents of the early
    /// windows would fill the page and many later ones would be scored; with it, none is.
    @Test func rareTermKeepsCommonDocumentsUnscored() throws {
        let analyzer = try Analyzer()
        let documents: [[String: String]] = (0..<3000).map { i in
            let body = (0..<(40 + i % 30)).map { Self.common[($0 + i) % 5 + 1] }.joined(separator: " ")
            return ["id": "doc-\(String(format: "%05d", i))", "title": i >= 2900 && i % 8 == 0 ? "zephyr" : "signal",
                    "summary": "cloud", "body": body + " river"]
        }
        let index = try OnDiskSearchTests.onDisk(documents, deleted: [], analyzer: analyzer)
        let pruning = Searcher(index: index)
        var exhaustive = pruning
        exhaustive.prunes = false
        for text in ["river zephyr", "zephyr river"] {
            let node = try QueryNode(parsing: text, tokenizer: analyzer)
            try DisjunctionPruningTests.expectSame(pruning, exhaustive, node, text)
            let got = try pruning.search(node, options: SearchOptions(limit: 10))
            #expect(got.total == 3000)
            #expect(got.total - got.prunedDocuments <= 13, "\(text): \(got.total - got.prunedDocuments) documents scored")
            // The common word cannot lift a document to the rare word's floor: it is counted from its
            // length and read only at the rare word's documents.
            #expect(got.probedTerms == 1, "\(text): the common word was walked")
            #expect(try exhaustive.search(node, options: SearchOptions(limit: 10)).probedTerms == 0)
        }
    }
}
