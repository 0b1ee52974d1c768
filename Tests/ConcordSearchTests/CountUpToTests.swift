import ConcordAnalysis
import Testing
@testable import ConcordSearch

/// `Searcher.count(_:upTo:)`, which decides whether a respelled query finds enough hits: always exactly
/// `min(total, limit)` for the `total` a search reports, phrases (scanned only until the limit) and other
/// queries alike, with deletions and across segments.
@Suite struct CountUpToTests {
    static let words = ["river", "stone", "cloud", "treaty", "harbor", "signal", "amber", "lantern", "meadow", "quartz"]

    static func randomQuery(_ rng: inout SeededGenerator) -> String {
        // Low indexes far more often, as in the corpus (the last ones stand for the rarest words).
        let picked = (0..<3).map { _ in words[min(words.count - 1, rng.int(0...12))] }
        switch rng.int(0...5) {
        case 0: return picked[0]
        case 1: return "\(picked[0]) \(picked[1])"
        case 2: return "\"\(picked[0]) \(picked[1]) \(picked[2])\""
        case 3: return "title:\"\(picked[0]) \(picked[1])\""
        default: return "\"\(picked[0]) \(picked[1])\""
        }
    }

    @Test(arguments: [(UInt64(31), false), (32, true)])
    func countUpToIsTheTotalCappedAtTheLimit(seed: UInt64, withDeletions: Bool) throws {
        let analyzer = try Analyzer()
        let documents = OnDiskSearchTests.documents(seed: seed, count: 1500)
        var rng = SeededGenerator(seed: seed &+ 3)
        let deleted: Set<Int> = withDeletions ? Set((0..<150).map { _ in rng.int(0...(documents.count - 1)) }) : []
        let searcher = Searcher(index: try OnDiskSearchTests.onDisk(documents, deleted: deleted, analyzer: analyzer))
        var phrasesCut = 0
        for _ in 0..<60 {
            let text = Self.randomQuery(&rng)
            let node = try QueryNode(parsing: text, tokenizer: analyzer)
            let total = try searcher.search(node, options: SearchOptions(limit: 0)).total
            for limit in [0, 1, 2, 5, 15, total, total + 1, 100_000] {
                #expect(try searcher.count(node, upTo: limit) == min(total, max(limit, 0)), "\(text) up to \(limit)")
            }
            if case .phrase = node, total > 15 { phrasesCut += 1 }
        }
        // Phrases with more matches than the small limits occur, so the early stop is exercised.
        #expect(phrasesCut > 5)
    }
}
