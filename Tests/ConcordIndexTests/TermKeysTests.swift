import Testing
@testable import ConcordIndex
import ConcordStorage

/// Documents whose tokens carry term keys (as the analysis workers give them) must make exactly the index
/// the same documents make without keys; keys only spare the builder its hash lookups.
@Suite struct TermKeysTests {
    /// An identity for a key space, like an analyzer's word cache filling.
    final class Space: Sendable {}

    /// `docs` with keys: documents alternate between `workers` spaces in runs of `run` (as batches split
    /// among workers do), every `clearEvery` documents a worker's space is replaced (a cache cleared), and
    /// one term in `unkeyedEvery` is left without a key. Within a space a term keeps the key it first got.
    static func keyed(_ docs: [PlainDocument], workers: Int, run: Int, clearEvery: Int, unkeyedEvery: Int) -> [AnalyzedDocument] {
        var spaces = (0..<workers).map { _ in (space: Space(), keys: [String: Int32]()) }
        return docs.enumerated().map { i, doc in
            let w = (i / run) % workers
            if i > 0 && i % clearEvery == 0 { spaces[w] = (Space(), [:]) }
            var analyzed = doc.analyzed
            for f in analyzed.fields.indices {
                analyzed.fields[f].termKeys = analyzed.fields[f].vocabulary.enumerated().map { v, term in
                    if (i + v) % unkeyedEvery == 0 { return -1 }
                    if let key = spaces[w].keys[term] { return key }
                    let key = Int32(spaces[w].keys.count)
                    spaces[w].keys[term] = key
                    return key
                }
            }
            analyzed.termKeySpace = spaces[w].space
            return analyzed
        }
    }

    private func build(_ docs: [AnalyzedDocument], ramBudget: Int) throws -> IndexReader {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: ramBudget)
        for doc in docs { try writer.addDocument(doc) }
        try writer.commit(userData: [])
        writer.close()
        return try IndexReader(directory: directory)
    }

    @Test(arguments: [(UInt64(1), 1 << 30), (2, 60_000)])
    func keyedDocumentsMakeTheSameIndex(seed: UInt64, ramBudget: Int) throws {
        let words = (0..<300).map { "t\($0)" } + ["é", "пакт", "停战"]
        let docs = randomDocuments(count: 900, vocabulary: words, seed: seed)
        let plain = try build(docs.map(\.analyzed), ramBudget: ramBudget)
        let keyed = try build(Self.keyed(docs, workers: 2, run: 64, clearEvery: 250, unkeyedEvery: 7), ramBudget: ramBudget)
        #expect(keyed.segments.count == plain.segments.count)
        if ramBudget < 1 << 20 { #expect(keyed.segments.count > 1, "the small budget flushes several builders") }
        for term in words {
            let expected = expectedPostings(docs, term: term)
            #expect(try actualPostings(plain, term: term) == expected, "term \(term)")
            #expect(try actualPostings(keyed, term: term) == expected, "term \(term)")
        }
        for f in 0..<3 { #expect(keyed.totalFieldLength(field: f) == plain.totalFieldLength(field: f)) }
    }

    /// A keyed token is looked up by hashing only the first time its key is seen in its space.
    @Test func keysSpareHashLookups() {
        let docs = randomDocuments(count: 200, vocabulary: (0..<50).map { "k\($0)" }, seed: 4)
        // Without keys, each field's vocabulary (its distinct terms) is looked up.
        let vocabularies = docs.reduce(0) { $0 + $1.fields.reduce(0) { $0 + Set($1).count } }
        var plain = SegmentBuilder()
        for doc in docs { plain.add(doc.analyzed) }
        #expect(plain.hashedLookups == vocabularies)
        var keyed = SegmentBuilder()
        for doc in Self.keyed(docs, workers: 2, run: 10, clearEvery: 1_000, unkeyedEvery: 1_000_000) { keyed.add(doc) }
        // Each of the 50 terms once per space (two spaces), and the first vocabulary entry of each field of
        // the first document, left unkeyed.
        #expect(keyed.hashedLookups <= 2 * 50 + 3)
        #expect(keyed.hashedLookups >= 50)
    }
}
