import ConcordAnalysis
@testable import ConcordIndex
import ConcordStorage
import Testing
@testable import ConcordSearch

/// The skip entries' largest pseudo-frequency per block (`BlockScoreParameters`, `LeafKernel.bound`):
/// a valid bound under other averages and weights, pruning where the per-field bounds cannot, and
/// exact results on indexes of several segments whose averages differ from the index's.
@Suite struct BlockBoundTests {
    /// For random documents, segment averages and index averages, a document's pseudo-frequency under
    /// the searcher's normalizer never exceeds the scale times its pseudo-frequency under the writer's
    /// parameters (the inequality `Normalizer.pseudoFrequencyScale` proves), nor does a field-restricted one.
    @Test func scaledPseudoFrequencyBoundsEveryDocument() {
        var rng = SeededGenerator(seed: 4)
        for _ in 0..<2000 {
            let written = BlockScoreParameters(
                averageLengths: (Double(rng.int(1...40)) / 7, Double(rng.int(0...300)) / 3, Double(rng.int(1...900)) / 5),
                weights: BlockScoreParameters.writerWeights, b: BlockScoreParameters.writerB)
            let weights = rng.int(0...1) == 0 ? [2.0, 1.0, 1.0] : [Double(rng.int(1...30)) / 10, 1.0, Double(rng.int(1...30)) / 10]
            let scorer = BM25FScorer(weights: weights)
            let averages = [Double(rng.int(1...40)) / 7, Double(rng.int(1...300)) / 3, Double(rng.int(1...900)) / 5]
            let normalizer = BM25FScorer.Normalizer(scorer: scorer, averageLengths: averages)
            let scale = normalizer.pseudoFrequencyScale(for: written)
            #expect(scale >= 1 || weights != [2.0, 1.0, 1.0])
            #expect(scale > 0)
            let lengths = (rng.int(0...20), written.averageLengths.1 > 0 ? rng.int(0...400) : 0, rng.int(0...3000))
            var tf = (rng.int(0...3), rng.int(0...5), rng.int(0...40))
            tf = (min(tf.0, lengths.0), min(tf.1, lengths.1), min(tf.2, lengths.2))
            let stored = Double(BlockScoreParameters.storedBound(written.pseudoFrequency(
                frequencies: (UInt32(tf.0), UInt32(tf.1), UInt32(tf.2)),
                lengths: (UInt32(lengths.0), UInt32(lengths.1), UInt32(lengths.2)))))
            let actual = normalizer.pseudoFrequency(tf: tf, lengths: lengths)
            #expect(actual <= stored * scale * (1 + 1e-12), "tf \(tf) lengths \(lengths) averages \(averages) written \(written.averageLengths)")
        }
    }

    /// A different b, or an index average of 0 where the segment has tokens, gives no scale (the
    /// per-field bound alone is used).
    @Test func otherLengthNormalisationGivesNoScale() {
        let written = BlockScoreParameters(averageLengths: (2, 10, 50), weights: BlockScoreParameters.writerWeights,
                                           b: BlockScoreParameters.writerB)
        #expect(BM25FScorer.Normalizer(scorer: BM25FScorer(b: [0.75, 0.5, 0.75]), averageLengths: [2, 10, 50])
            .pseudoFrequencyScale(for: written) == 0)
        #expect(BM25FScorer.Normalizer(scorer: BM25FScorer(), averageLengths: [2, 0, 50]).pseudoFrequencyScale(for: written) == 0)
        #expect(BM25FScorer.Normalizer(scorer: BM25FScorer(), averageLengths: [2, 10, 50]).pseudoFrequencyScale(for: nil) == 0)
        #expect(BM25FScorer.Normalizer(scorer: BM25FScorer(), averageLengths: [2, 10, 50]).pseudoFrequencyScale(for: written) == 1)
        #expect(BM25FScorer.Normalizer(scorer: BM25FScorer(), averageLengths: [1, 20, 25]).pseudoFrequencyScale(for: written) == 2)
    }

    /// Every block of the 3,980 filler documents mixes documents with both words five times in a long
    /// body and documents with them once in a three-word body: the per-field bounds (largest frequency
    /// 5, shortest body 3) put every block above the tenth score, which the 20 leading documents (the
    /// words in the title and twice in a short body) set; the largest pseudo-frequency a document of a
    /// block reaches does not. So these matches are counted without being scored only through the
    /// pseudo-frequency bound, for a term, an OR, an AND, required + optional and an exclusion.
    @Test func pseudoFrequencyBoundPrunesWhereFieldBoundsCannot() throws {
        let analyzer = try Analyzer()
        var rng = SeededGenerator(seed: 3)
        let filler = ["amber", "lantern", "meadow", "quartz", "harbor", "signal"]
        let documents: [[String: String]] = (0..<4000).map { i in
            let id = "doc-\(String(format: "%05d", i))"
            if i < 20 { return ["id": id, "title": "river stone", "body": "river stone river stone"] }
            let body = i % 2 == 0
                ? "river stone"
                : (0..<200).map { _ in filler[rng.int(0...5)] }.joined(separator: " ") + " river stone river stone river stone river stone river stone"
            return ["id": id, "title": "harbor", "body": body + (i % 5 == 0 ? " cloud" : "")]
        }
        let index = try OnDiskSearchTests.onDisk(documents, deleted: [], analyzer: analyzer)
        let pruning = Searcher(index: index)
        var exhaustive = pruning
        exhaustive.prunes = false
        for (text, total) in [("river", 4000), ("river stone", 4000), ("+river +stone", 4000), ("+river stone", 4000), ("river -cloud", 3204)] {
            let node = try QueryNode(parsing: text, tokenizer: analyzer)
            try DisjunctionPruningTests.expectSame(pruning, exhaustive, node, text)
            let got = try pruning.search(node, options: SearchOptions(limit: 10))
            #expect(got.total == total, "\(text)")
            #expect(got.prunedDocuments > total * 3 / 4, "\(text): only \(got.prunedDocuments) of \(got.total) matches left unscored")
        }
    }

    /// Three segments whose averages differ from each other and from the index's (short, medium and
    /// long bodies), with deletions: pruning with scaled bounds gives exactly the exhaustive results.
    @Test(arguments: [31, 32] as [UInt64])
    func segmentsWithOtherAveragesStayExact(seed: UInt64) throws {
        let analyzer = try Analyzer()
        var rng = SeededGenerator(seed: seed)
        let words = DisjunctionPruningTests.words
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        writer.mergePolicy = TieredMergePolicy(mergeFactor: 100)
        var ids: [String] = []
        for (segment, bodyWords) in [(0, 2...12), (1, 20...60), (2, 80...300)] {
            for i in 0..<rng.int(300...700) {
                let id = "s\(segment)-\(i)"
                ids.append(id)
                let text = { (count: Int) in (0..<count).map { _ in words[min(words.count - 1, rng.int(0...14))] }.joined(separator: " ") }
                let fields = ["title": text(rng.int(0...3)), "summary": text(rng.int(0...6)), "body": text(rng.int(bodyWords))]
                let terms = ["title", "summary", "body"].map { name in
                    analyzer.tokens(fields[name] ?? "").map { AnalyzedDocument.Posting(term: $0.term, position: UInt32($0.position)) }
                }
                try writer.addDocument(AnalyzedDocument(id: id, contentHash: 0, storedFields: [("id", id)] + fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                                        terms: terms, dateInterval: nil, keywords: [:]))
            }
            try writer.commit(userData: [])
        }
        try writer.deleteDocuments(withIDs: Set((0..<150).map { _ in ids[rng.int(0...(ids.count - 1))] }))
        try writer.commit(userData: [])
        writer.close()
        let reader = try IndexReader(directory: directory)
        #expect(reader.segments.count == 3)
        let pruning = Searcher(index: OnDiskIndex(reader: reader))
        var exhaustive = pruning
        exhaustive.prunes = false
        for _ in 0..<40 {
            let clauses = (0..<rng.int(1...4)).map { _ in
                let word = words[rng.int(0...(words.count - 1))]
                return ["", "", "+", "-", "title:", "body:"][rng.int(0...5)] + word
            }
            let text = clauses.joined(separator: " ")
            guard let node = try? QueryNode(parsing: text, tokenizer: analyzer) else { continue }
            try DisjunctionPruningTests.expectSame(pruning, exhaustive, node, text)
        }
    }
}

/// `Table.pseudoFrequency` without a branch per field (finite factors) gives the bits the sum of only the
/// fields holding the term gives, and a table with an infinite factor (b = 1 at length 0) keeps the
/// branches, so that a field without the term never adds 0 × ∞.
@Suite struct PseudoFrequencyTableTests {
    static func branchingSum(_ table: BM25FScorer.Normalizer.Table, tf: (Int, Int, Int), lengths: (Int, Int, Int)) -> Double {
        var sum = 0.0
        if tf.0 != 0 { sum += Double(tf.0) * table.factor(field: 0, length: lengths.0) }
        if tf.1 != 0 { sum += Double(tf.1) * table.factor(field: 1, length: lengths.1) }
        if tf.2 != 0 { sum += Double(tf.2) * table.factor(field: 2, length: lengths.2) }
        return sum
    }

    @Test func finiteFactorsGiveTheBranchingSum() {
        let table = BM25FScorer.Normalizer(scorer: BM25FScorer(), averageLengths: [3.5, 21.25, 140.8]).table
        #expect(table.factorsAreFinite)
        var rng = SeededGenerator(seed: 5)
        for _ in 0..<20_000 {
            let tf = (rng.int(0...2) == 0 ? 0 : rng.int(1...9), rng.int(0...1) == 0 ? 0 : rng.int(1...9), rng.int(0...40))
            let lengths = (max(tf.0, rng.int(0...20)), max(tf.1, rng.int(0...300)), max(tf.2, rng.int(0...3000)))
            let got = table.pseudoFrequency(tf: tf, lengths: lengths)
            #expect(got.bitPattern == Self.branchingSum(table, tf: tf, lengths: lengths).bitPattern, "\(tf) \(lengths)")
        }
    }

    @Test func anInfiniteFactorKeepsTheBranches() {
        let table = BM25FScorer.Normalizer(scorer: BM25FScorer(b: [1, 0.75, 0.75]), averageLengths: [3.5, 21.25, 140.8]).table
        #expect(!table.factorsAreFinite)
        #expect(table.factor(field: 0, length: 0) == .infinity)
        // An empty title (length 0) where the term is only in the body.
        let got = table.pseudoFrequency(tf: (0, 0, 2), lengths: (0, 12, 80))
        #expect(got.isFinite && got == Self.branchingSum(table, tf: (0, 0, 2), lengths: (0, 12, 80)))
    }
}
