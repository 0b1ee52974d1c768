import ConcordAnalysis
import ConcordIndex
import Testing
@testable import ConcordSearch

/// Ranked OR queries evaluated by `DisjunctionCollector` (windows, block-max pruning) against the
/// exhaustive document-at-a-time evaluation of the same index: same totals, same pages, bit-identical
/// scores; and pruning keeps happening where most matches cannot reach the top 10.
@Suite struct DisjunctionPruningTests {
    static let words = ["river", "stone", "cloud", "treaty", "harbor", "signal", "amber", "lantern", "meadow", "quartz"]

    /// Searchers with and without pruning over a random corpus of `documents` records: title, summary
    /// and body of `text`'s words at random lengths within `title`, `summary` and `longBody` (every third
    /// body at most 12 words), and 200 random deletions when `withDeletions`.
    static func randomSearchers(_ rng: inout SeededGenerator, documents: ClosedRange<Int>, withDeletions: Bool,
                                title: ClosedRange<Int>, summary: ClosedRange<Int>, longBody: Int, analyzer: Analyzer,
                                text: (inout SeededGenerator, Int) -> String)
        throws -> (pruning: Searcher<OnDiskIndex>, exhaustive: Searcher<OnDiskIndex>) {
        let records: [[String: String]] = (0..<rng.int(documents)).map { i in
            ["id": "d\(i)", "title": text(&rng, rng.int(title)), "summary": text(&rng, rng.int(summary)),
             "body": text(&rng, rng.int(1...(i % 3 == 0 ? 12 : longBody)))]
        }
        let deleted: Set<Int> = withDeletions ? Set((0..<200).map { _ in rng.int(0...(records.count - 1)) }) : []
        let pruning = Searcher(index: try OnDiskSearchTests.onDisk(records, deleted: deleted, analyzer: analyzer))
        var exhaustive = pruning
        exhaustive.prunes = false
        return (pruning, exhaustive)
    }

    /// A searcher that prunes and one that evaluates exhaustively, over `index`.
    static func pruningAndExhaustive(_ index: OnDiskIndex) -> (pruning: Searcher<OnDiskIndex>, exhaustive: Searcher<OnDiskIndex>) {
        let pruning = Searcher(index: index)
        var exhaustive = pruning
        exhaustive.prunes = false
        return (pruning, exhaustive)
    }

    static func randomDisjunction(_ rng: inout SeededGenerator) -> String {
        (0..<rng.int(2...9)).map { _ in
            let word = words[rng.int(0...(words.count - 1))]
            switch rng.int(0...9) {
            case 0: return "title:" + word
            case 1: return "body:" + word
            default: return word
            }
        }.joined(separator: " ")
    }

    static func expectSame<Index: SearchableIndex>(_ pruning: Searcher<Index>, _ exhaustive: Searcher<Index>,
                                                   _ node: QueryNode, _ text: String) throws {
        for (page, limit) in [(1, 10), (2, 10), (3, 7), (1, 1), (1, 0), (40, 10)] {
            let options = SearchOptions(page: page, limit: limit)
            let got = try pruning.search(node, options: options), want = try exhaustive.search(node, options: options)
            #expect(got.total == want.total, "\(text) page \(page)")
            #expect(got.hits.map(\.id) == want.hits.map(\.id), "\(text) page \(page)")
            #expect(got.hits.map(\.score) == want.hits.map(\.score), "\(text) page \(page): scores differ")
        }
    }

    @Test(arguments: [(UInt64(11), false), (12, true), (13, true)])
    func onDiskDisjunctionsEqualExhaustiveEvaluation(seed: UInt64, withDeletions: Bool) throws {
        try PruningComparison.onDisk(seed: seed, withDeletions: withDeletions, queries: 30) { Self.randomDisjunction(&$0) }
    }

    @Test(arguments: [21, 22] as [UInt64])
    func inMemoryDisjunctionsEqualExhaustiveEvaluation(seed: UInt64) throws {
        try PruningComparison.inMemory(seed: seed, queries: 30) { rng in
            (0..<rng.int(2...6)).map { _ in testVocabulary[rng.int(0...(testVocabulary.count - 1))] }.joined(separator: " ")
        }
    }

    /// 30 documents (the first 20 and 10 late ones) have both words in their title; the other 3,970 have
    /// them once in a long body, so their block bounds stay far below the tenth score once the first
    /// window has filled the collector, and they are counted without being scored.
    @Test func disjunctionPruningKeepsHappening() throws {
        let analyzer = try Analyzer()
        var rng = SeededGenerator(seed: 9)
        let filler = ["amber", "lantern", "meadow", "quartz", "harbor", "signal"]
        let documents: [[String: String]] = (0..<4000).map { i in
            let body = (0..<rng.int(40...90)).map { _ in filler[rng.int(0...5)] }.joined(separator: " ")
            let tail = i % 3 == 0 ? " river" : i % 3 == 1 ? " stone" : " river stone"
            return ["id": "doc-\(String(format: "%05d", i))", "title": i < 20 || (3000..<3010).contains(i) ? "river stone" : "harbor",
                    "summary": "cloud", "body": body + tail]
        }
        let (pruning, exhaustive) = Self.pruningAndExhaustive(try OnDiskSearchTests.onDisk(documents, deleted: [], analyzer: analyzer))
        for text in ["river stone", "stone river quartz"] {
            let node = try QueryNode(parsing: text, tokenizer: analyzer)
            try Self.expectSame(pruning, exhaustive, node, text)
            let got = try pruning.search(node, options: SearchOptions(limit: 10))
            #expect(got.total == 4000)
            #expect(got.prunedDocuments > 3000, "\(text): only \(got.prunedDocuments) of \(got.total) matches left unscored")
            // Only the window before there is a threshold is scored whole (see `DisjunctionWholeWindowTests`).
            #expect(got.wholeWindows <= 1, "\(text): \(got.wholeWindows) windows scored whole")
            #expect(try exhaustive.search(node, options: SearchOptions(limit: 10)).prunedDocuments == 0)
        }
    }
}

/// Windows scored whole (`DisjunctionCollector.scoresMostPostings`): either word alone lifts a document
/// onto the page (every 40th has one of them as its whole title, in every block of postings), so bounds
/// would select nearly every match.
@Suite struct DisjunctionWholeWindowTests {
    static let filler = ["amber", "lantern", "meadow", "quartz"]

    /// "river stone" and "stone river" over 9,000 documents (several windows) with `deleted` removed,
    /// `document(i, &rng)` giving document i's title and body: checks each against exhaustive evaluation
    /// (totals, pages, score bits) and returns its first page as the pruning searcher found it.
    static func riverStonePages(seed: UInt64, deleted: Set<Int>,
                                document: (Int, inout SeededGenerator) -> (title: String, body: String))
        throws -> [(text: String, got: SearchResults)] {
        let analyzer = try Analyzer()
        var rng = SeededGenerator(seed: seed)
        let documents: [[String: String]] = (0..<9000).map { i in
            let (title, body) = document(i, &rng)
            return ["id": "doc-\(i)", "title": title, "summary": "", "body": body]
        }
        let (pruning, exhaustive) = DisjunctionPruningTests.pruningAndExhaustive(
            try OnDiskSearchTests.onDisk(documents, deleted: deleted, analyzer: analyzer))
        return try ["river stone", "stone river"].map { text in
            let node = try QueryNode(parsing: text, tokenizer: analyzer)
            try DisjunctionPruningTests.expectSame(pruning, exhaustive, node, text)
            return (text, try pruning.search(node, options: SearchOptions(limit: 10)))
        }
    }

    @Test func wholeWindowsGiveTheExhaustivePage() throws {
        // Each document has one of the words among a few fillers.
        let pages = try Self.riverStonePages(seed: 31, deleted: [3, 500, 4100, 8999]) { i, rng in
            var words = (0..<rng.int(2...6)).map { _ in Self.filler[rng.int(0...3)] }
            words.append(rng.int(0...1) == 0 ? "river" : "stone")
            words.shuffle(using: &rng)
            let title = i % 40 == 0 ? (i % 80 == 0 ? "river" : "stone") : Self.filler[i % 4]
            return (title, words.joined(separator: " "))
        }
        for (text, got) in pages {
            #expect(got.wholeWindows >= 2, "\(text): \(got.wholeWindows) windows scored whole")
        }
    }
}

/// Windows scored whole because the window before found nearly every match a candidate
/// (`DisjunctionCollector.candidatesAreMost`): every document holds both words once in a body of similar
/// length, so the page's threshold needs both, no block bound of one word reaches it (no window is
/// whole by `scoresMostPostings` once there is a threshold), and every document's two bounds together do.
@Suite struct DisjunctionCandidateWindowTests {
    @Test func mostlyCandidateWindowsAreScoredWholeAndGiveTheExhaustivePage() throws {
        let filler = DisjunctionWholeWindowTests.filler
        let pages = try DisjunctionWholeWindowTests.riverStonePages(seed: 41, deleted: [7, 260, 4100, 8998]) { i, rng in
            var words = (0..<rng.int(5...7)).map { _ in filler[rng.int(0...3)] }
            words += ["river", "stone"]
            words.shuffle(using: &rng)
            return (filler[i % 4], words.joined(separator: " "))
        }
        for (text, got) in pages {
            #expect(got.total == 8996)
            // The first window (no threshold yet) and at least two after a window of candidates.
            #expect(got.wholeWindows >= 3, "\(text): \(got.wholeWindows) windows scored whole")
        }
    }
}
