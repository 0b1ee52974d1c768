import ConcordAnalysis
import ConcordIndex
import ConcordStorage
import Testing
@testable import ConcordSearch

/// Ranked OR queries over an on-disk index of several segments: the segments' collectors share one set
/// of window buffers per query (`DisjunctionWindows`, each collector leaving them zeroed, which debug
/// builds assert after every segment), and their results equal exhaustive evaluation.
@Suite struct DisjunctionSegmentsTests {
    /// `documents` added in `batches` commits (a segment each), then `deleted` removed.
    static func segmentedIndex(_ documents: [[String: String]], batches: Int, deleted: Set<Int>,
                               analyzer: Analyzer) throws -> OnDiskIndex {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        let batchSize = (documents.count + batches - 1) / batches
        for (i, fields) in documents.enumerated() {
            let terms = ["title", "summary", "body"].map { name in
                analyzer.tokens(fields[name] ?? "").map { AnalyzedDocument.Posting(term: $0.term, position: UInt32($0.position)) }
            }
            try writer.addDocument(AnalyzedDocument(id: fields["id"] ?? "", contentHash: 0,
                                                    storedFields: fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                                    terms: terms, dateInterval: nil, keywords: [:]))
            if (i + 1) % batchSize == 0 { try writer.commit(userData: []) }
        }
        try writer.commit(userData: [])
        try writer.deleteDocuments(withIDs: Set(deleted.compactMap { documents[$0]["id"] }))
        try writer.commit(userData: [])
        writer.close()
        return OnDiskIndex(reader: try IndexReader(directory: directory))
    }

    @Test(arguments: [(UInt64(31), false), (32, true)])
    func segmentedDisjunctionsEqualExhaustiveEvaluation(seed: UInt64, withDeletions: Bool) throws {
        let analyzer = try Analyzer()
        let documents = OnDiskSearchTests.documents(seed: seed, count: 3000)
        var rng = SeededGenerator(seed: seed &+ 3)
        let deleted: Set<Int> = withDeletions ? Set((0..<300).map { _ in rng.int(0...(documents.count - 1)) }) : []
        let index = try Self.segmentedIndex(documents, batches: 3, deleted: deleted, analyzer: analyzer)
        #expect(index.segments.count >= 2, "the index should have several segments")
        let pruning = Searcher(index: index)
        var exhaustive = pruning
        exhaustive.prunes = false
        var pruned = 0
        for _ in 0..<25 {
            let text = DisjunctionPruningTests.randomDisjunction(&rng)
            let node = try QueryNode(parsing: text, tokenizer: analyzer)
            try DisjunctionPruningTests.expectSame(pruning, exhaustive, node, text)
            pruned += try pruning.search(node, options: SearchOptions(limit: 10)).prunedDocuments
        }
        #expect(pruned > 0, "no match was left unscored")
    }
}
