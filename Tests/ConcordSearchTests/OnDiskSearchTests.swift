import ConcordAnalysis
import ConcordIndex
import ConcordStorage
import Testing
@testable import ConcordSearch

/// The on-disk index (bit-packed blocks, skip tables, block score bounds) against the in-memory
/// reference index built from the same documents: same totals, same ranking, same scores.
@Suite struct OnDiskSearchTests {
    /// Long postings: a small vocabulary over many documents, with skewed term frequencies so that
    /// block bounds differ and some blocks can be skipped.
    static func documents(seed: UInt64, count: Int) -> [[String: String]] {
        var rng = SeededGenerator(seed: seed)
        let vocabulary = ["river", "stone", "cloud", "treaty", "harbor", "signal", "amber", "lantern", "meadow", "quartz"]
        func text(_ words: Int) -> String {
            (0..<words).map { _ in
                // Zipf-like: low indexes far more often.
                let i = min(vocabulary.count - 1, Int(Double(vocabulary.count) * pow(Double(rng.int(0...1000)) / 1000, 3)))
                return vocabulary[i]
            }.joined(separator: " ")
        }
        return (0..<count).map { i in
            ["id": "doc-\(String(format: "%05d", (i * 7919) % count))", "title": text(rng.int(0...4)),
             "summary": text(rng.int(0...30)), "body": text(rng.int(0...80))]
        }
    }

    static func onDisk(_ documents: [[String: String]], deleted: Set<Int>, analyzer: Analyzer) throws -> OnDiskIndex {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        for fields in documents {
            let terms = ["title", "summary", "body"].map { name in
                analyzer.tokens(fields[name] ?? "").map { AnalyzedDocument.Posting(term: $0.term, position: UInt32($0.position)) }
            }
            var keywords: [String: String] = [:]
            for (key, value) in fields where !reservedStoredFields.contains(key) { keywords[key] = value }
            try writer.addDocument(AnalyzedDocument(id: fields["id"] ?? "", contentHash: 0,
                                                    storedFields: fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                                    terms: terms, dateInterval: fields["date"].flatMap { DayInterval(isoDate: $0) },
                                                    keywords: keywords))
        }
        try writer.commit(userData: [])
        try writer.deleteDocuments(withIDs: Set(deleted.compactMap { documents[$0]["id"] }))
        try writer.commit(userData: [])
        writer.close()
        return OnDiskIndex(reader: try IndexReader(directory: directory))
    }

    /// Block-max pruning of a lone term keeps happening (and keeps results exact): the common terms'
    /// postings span many blocks, and most cannot reach the top 10.
    @Test func singleTermSearchPrunesBlocksAndStaysExact() throws {
        let analyzer = try Analyzer()
        // 20 documents with the term in their title come first; the other blocks hold it once in a body.
        var rng = SeededGenerator(seed: 5)
        let filler = ["amber", "lantern", "meadow", "quartz", "harbor", "signal"]
        let documents: [[String: String]] = (0..<3000).map { i in
            let body = (0..<rng.int(30...80)).map { _ in filler[rng.int(0...5)] }.joined(separator: " ")
            return ["id": "doc-\(String(format: "%05d", i))", "title": i < 20 ? "river stone cloud" : "harbor",
                    "summary": "cloud", "body": body + " river stone"]
        }
        let reference = Searcher(index: InMemoryIndex(segments: [InMemorySegment(documents: documents, tokenizer: analyzer)]))
        let disk = Searcher(index: try Self.onDisk(documents, deleted: [], analyzer: analyzer))
        var pruned = 0
        for text in ["river", "stone", "cloud", "title:river"] {
            let node = try QueryNode(parsing: text, tokenizer: analyzer)
            let got = try disk.search(node, options: SearchOptions(limit: 10))
            let want = try reference.search(node, options: SearchOptions(limit: 10))
            #expect(got.total == want.total && got.hits.map(\.id) == want.hits.map(\.id), "\(text)")
            #expect(zip(got.hits, want.hits).allSatisfy { abs($0.score - $1.score) <= 1e-12 * $1.score }, "\(text)")
            pruned += got.prunedDocuments
        }
        #expect(pruned > 1000, "block skipping stopped: only \(pruned) documents counted without scoring")
    }

    /// Filters, date order and facets read the column file on disk; the reference reads stored fields.
    @Test(arguments: [71, 72] as [UInt64])
    func onDiskColumnsAnswerLikeStoredFields(seed: UInt64) throws {
        let analyzer = try Analyzer()
        var corpus = RandomCorpus(seed: seed, segmentCount: 1, docsPerSegment: 300...300)
        corpus.addMetadata(seed: seed)
        let documents = corpus.segments[0]
        var rng = SeededGenerator(seed: seed)
        let deleted: Set<Int> = Set((0..<30).map { _ in rng.int(0...(documents.count - 1)) })
        var segment = InMemorySegment(documents: documents, tokenizer: analyzer)
        for doc in deleted { segment.delete(Int32(doc)) }
        let reference = Searcher(index: InMemoryIndex(segments: [segment]))
        let disk = Searcher(index: try Self.onDisk(documents, deleted: deleted, analyzer: analyzer))
        for _ in 0..<25 {
            let text = randomGrammarQuery(&rng)
            let node = try QueryNode(parsing: text, tokenizer: analyzer)
            for order in [HitOrder.relevance, .dateAscending, .dateDescending] {
                let options = SearchOptions(limit: 15, order: order, facets: [.year, .keyword("collection")])
                let want = try reference.search(node, options: options), got = try disk.search(node, options: options)
                #expect(got.total == want.total && got.hits.map(\.id) == want.hits.map(\.id), "\(text) \(order)")
                #expect(got.facets == want.facets, "\(text)")
            }
        }
    }

    @Test(arguments: [(UInt64(1), false), (2, true), (3, true)])
    func onDiskRankingEqualsTheReference(seed: UInt64, withDeletions: Bool) throws {
        let analyzer = try Analyzer()
        let documents = Self.documents(seed: seed, count: 1500)
        var rng = SeededGenerator(seed: seed &+ 99)
        let deleted: Set<Int> = withDeletions ? Set((0..<120).map { _ in rng.int(0...(documents.count - 1)) }) : []
        var segment = InMemorySegment(documents: documents, tokenizer: analyzer)
        for doc in deleted { segment.delete(Int32(doc)) }
        let reference = Searcher(index: InMemoryIndex(segments: [segment]))
        let disk = OnDiskSearcher(index: try Self.onDisk(documents, deleted: deleted, analyzer: analyzer))
        let queries = ["river", "quartz", "meadow", "lantern", "treaty harbor", "+stone +amber", "\"river stone\"",
                       "signal -river", "cloud cloud meadow", "quartz lantern meadow amber"]
        for text in queries {
            let query = Query(parsing: text, tokenizer: analyzer)
            for (page, limit) in [(1, 10), (3, 7), (1, 200)] {
                let want = try reference.search(query, page: page, limit: limit)
                let got = try disk.search(query, page: page, limit: limit)
                #expect(got.total == want.total, "seed \(seed) \(text) page \(page)")
                #expect(got.hits.map(\.id) == want.hits.map(\.id), "seed \(seed) \(text) page \(page)")
                for (a, b) in zip(got.hits, want.hits) {
                    #expect(abs(a.score - b.score) <= 1e-12 * max(1, abs(b.score)), "seed \(seed) \(text) \(a.id)")
                }
            }
        }
    }

    /// Hits without their stored fields (what `IndexSearcher` asks for, reading each hit's document
    /// itself) rank exactly as hits with them, and carry none.
    @Test func hitsWithoutStoredFieldsRankTheSame() throws {
        let analyzer = try Analyzer()
        let documents = Self.documents(seed: 7, count: 600)
        let disk = OnDiskSearcher(index: try Self.onDisk(documents, deleted: [], analyzer: analyzer))
        for text in ["river", "treaty harbor", "\"river stone\"", "+stone +amber"] {
            let node = try QueryNode(parsing: text, tokenizer: analyzer)
            let with = try disk.search(node, options: SearchOptions(limit: 10))
            let without = try disk.search(node, options: SearchOptions(limit: 10, storedFields: false))
            #expect(!with.hits.isEmpty, "\(text)")
            #expect(with.total == without.total, "\(text)")
            #expect(with.hits.map(\.id) == without.hits.map(\.id) && with.hits.map(\.score) == without.hits.map(\.score), "\(text)")
            #expect(with.hits.allSatisfy { !$0.fields.isEmpty } && without.hits.allSatisfy { $0.fields.isEmpty }, "\(text)")
        }
    }

    /// Phrases and proximity on disk (positions skipped and decoded per field, the rarest term leading
    /// the intersection) against the in-memory reference, itself checked against brute force: random
    /// 2–4-word phrases over a Zipf vocabulary (repeated words, frequent words in every block), exact
    /// and sloppy, scoped and not, with deletions.
    @Test(arguments: [UInt64(81), 82])
    func onDiskPhrasesEqualTheReference(seed: UInt64) throws {
        let analyzer = try Analyzer()
        let documents = Self.documents(seed: seed, count: 1200)
        var rng = SeededGenerator(seed: seed)
        let deleted: Set<Int> = Set((0..<90).map { _ in rng.int(0...(documents.count - 1)) })
        var segment = InMemorySegment(documents: documents, tokenizer: analyzer)
        for doc in deleted { segment.delete(Int32(doc)) }
        let reference = Searcher(index: InMemoryIndex(segments: [segment]))
        let disk = OnDiskSearcher(index: try Self.onDisk(documents, deleted: deleted, analyzer: analyzer))
        let vocabulary = ["river", "stone", "cloud", "treaty", "harbor", "signal", "amber", "lantern", "meadow", "quartz"]
        var matched = 0
        for _ in 0..<40 {
            let words = (0..<rng.int(2...4)).map { _ in vocabulary[min(rng.int(0...9), rng.int(0...9))] }
            let scope = ["", "", "title:", "summary:", "body:"][rng.int(0...4)]
            let slop = [nil, nil, 1, 3][rng.int(0...3)]
            let text = scope + "\"" + words.joined(separator: " ") + "\"" + (slop.map { "~\($0)" } ?? "")
            let node = try QueryNode(parsing: text, tokenizer: analyzer)
            let options = SearchOptions(limit: 50)
            let want = try reference.search(node, options: options), got = try disk.search(node, options: options)
            #expect(got.total == want.total && got.hits.map(\.id) == want.hits.map(\.id), "seed \(seed) \(text)")
            for (a, b) in zip(got.hits, want.hits) {
                #expect(abs(a.score - b.score) <= 1e-12 * max(1, abs(b.score)), "seed \(seed) \(text) \(a.id)")
            }
            matched += want.total
        }
        #expect(matched > 500, "the random phrases should match often")
    }
}

import Foundation
