import ConcordAnalysis
import Testing
@testable import ConcordSearch

/// The phrase scan on the on-disk index (where the rarest word's positions give the candidate starts and
/// each further word narrows them while its positions are decoded, stopping early) equals a brute-force
/// scan of every field's tokens: a word in nearly every document, many times per field, next to rarer
/// ones, over postings of many blocks, with deleted documents.
@Test(arguments: [UInt64(11), 12, 13])
func onDiskPhraseScanEqualsBruteForceTokenScan(seed: UInt64) throws {
    let analyzer = try Analyzer()
    var rng = SeededGenerator(seed: seed)
    // "the" is by far the commonest word; the others grow rarer along the list.
    let words = ["the", "the", "the", "river", "stone", "cloud", "treaty", "harbor", "amber", "quartz"]
    func text(_ length: Int) -> String {
        (0..<length).map { _ in words[min(rng.int(0...9), rng.int(0...9))] }.joined(separator: " ")
    }
    let documents: [[String: String]] = (0..<1400).map { i in
        ["id": "doc-\(i)", "title": text(rng.int(0...5)), "summary": text(rng.int(0...20)), "body": text(rng.int(0...90))]
    }
    let deleted = Set((0..<60).map { _ in rng.int(0...(documents.count - 1)) })
    let index = try OnDiskSearchTests.onDisk(documents, deleted: deleted, analyzer: analyzer)
    #expect(index.segments.count == 1)
    let segment = try #require(index.segments.first)
    let distinct = ["the", "river", "stone", "cloud", "treaty", "harbor", "amber", "quartz"]
    var matched = 0
    for round in 0..<50 {
        // Mostly distinct words; every fifth phrase may repeat a word, whose other places then narrow
        // the candidates after its cursor's positions were read for the pair (or, one word repeated,
        // takes the general path).
        var phrase: [String] = []
        while phrase.count < rng.int(2...4) {
            let word = distinct[min(rng.int(0...7), rng.int(0...7))]
            if round % 5 == 4 || !phrase.contains(word) { phrase.append(word) }
        }
        let clause = Query(parsing: "\"" + phrase.joined(separator: " ") + "\"", tokenizer: analyzer).clauses[0]
        let found = try PhrasePostings.collect(clause, in: segment)
        let want = bruteForcePhrasePostings(clause, documents: documents, deleted: deleted, analyzer: analyzer)
        #expect(found.docs == want.docs && found.frequencies == want.frequencies, "seed \(seed) \(phrase)")
        matched += want.count
    }
    #expect(matched > 1000, "the random phrases should match often")
}
