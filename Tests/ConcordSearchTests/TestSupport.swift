import Foundation
import ConcordAnalysis
@testable import ConcordSearch
@_exported import ConcordTestSupport


/// Wraps the analyzer and decides stop words from a fixed set of analyzed terms, so stop-word tests do
/// not depend on the analyzer's own list.
struct StopWordTokenizer: TextTokenizing {
    let base: Analyzer
    let stopTerms: Set<String>

    init(stopWords: [String]) throws {
        let analyzer = try Analyzer()
        base = analyzer
        stopTerms = Set(stopWords.flatMap { word in analyzer.tokens(word).map(\.term) })
    }

    func tokens(_ text: String) -> [Token] {
        base.tokens(text).map { token in
            var copy = token
            copy.isStopWord = stopTerms.contains(token.term)
            return copy
        }
    }
}

/// Words unlikely to be stop words in any language list; the analyzer may stem them, which is fine
/// because every expectation is computed from analyzer output.
let testVocabulary = ["apple", "river", "stone", "cloud", "green", "tiger", "maple", "quartz"]

func randomText(_ rng: inout SeededGenerator, maxWords: Int, vocabulary: [String] = testVocabulary) -> String {
    let count = Int.random(in: 0...maxWords, using: &rng)
    return (0..<count).map { _ in vocabulary[Int.random(in: 0..<vocabulary.count, using: &rng)] }.joined(separator: " ")
}

/// A random multi-segment corpus with some deleted documents and shuffled, unique ids.
struct RandomCorpus {
    var segments: [[[String: String]]] = []
    var deleted: [Set<Int32>] = []

    init(seed: UInt64, segmentCount: Int = 3, docsPerSegment: ClosedRange<Int> = 10...30) {
        var rng = SeededGenerator(seed: seed)
        var serial = 0
        for _ in 0..<segmentCount {
            var docs: [[String: String]] = []
            var gone: Set<Int32> = []
            for _ in 0..<Int.random(in: docsPerSegment, using: &rng) {
                serial += 1
                let id = "doc-" + String(UInt32.random(in: 0...UInt32.max, using: &rng), radix: 36) + "-\(serial)"
                docs.append([
                    "id": id,
                    "title": randomText(&rng, maxWords: 4),
                    "summary": randomText(&rng, maxWords: 10),
                    "body": randomText(&rng, maxWords: 25),
                ])
                if Int.random(in: 0..<6, using: &rng) == 0 { gone.insert(Int32(docs.count - 1)) }
            }
            segments.append(docs)
            deleted.append(gone)
        }
    }

    func index(tokenizer: some TextTokenizing) -> InMemoryIndex {
        InMemoryIndex(segments: zip(segments, deleted).map { docs, gone in
            var segment = InMemorySegment(documents: docs, tokenizer: tokenizer)
            for doc in gone { segment.delete(doc) }
            return segment
        })
    }

    func oracle(tokenizer: some TextTokenizing) -> Oracle {
        var live: [Oracle.Document] = []
        for (docs, gone) in zip(segments, deleted) {
            for (number, fields) in docs.enumerated() where !gone.contains(Int32(number)) {
                live.append(Oracle.Document(
                    id: fields["id"] ?? "",
                    fields: ["title", "summary", "body"].map { tokenizer.tokens(fields[$0] ?? "") }
                ))
            }
        }
        return Oracle(documents: live)
    }
}

/// Brute force over token lists: matching and BM25F written directly from the definitions.
struct Oracle {
    struct Document {
        var id: String
        var fields: [[Token]]
    }

    var documents: [Document]

    /// Occurrences of the clause in each field of `doc`.
    func frequencies(_ clause: QueryClause, in doc: Document) -> [Int] {
        doc.fields.map { tokens in
            var starts = Set<Int>()
            for token in tokens where token.term == clause.terms[0] {
                let start = token.position - clause.offsets[0]
                let all = clause.terms.indices.allSatisfy { k in
                    tokens.contains { $0.position == start + clause.offsets[k] && $0.term == clause.terms[k] }
                }
                if all { starts.insert(start) }
            }
            return starts.count
        }
    }

    func contains(_ clause: QueryClause, _ doc: Document) -> Bool {
        frequencies(clause, in: doc).reduce(0, +) > 0
    }

    func matches(_ query: Query, _ doc: Document) -> Bool {
        let musts = query.clauses.filter { $0.occur == .must }
        let shoulds = query.clauses.filter { $0.occur == .should }
        if query.clauses.contains(where: { $0.occur == .mustNot && contains($0, doc) }) { return false }
        if !musts.allSatisfy({ contains($0, doc) }) { return false }
        if musts.isEmpty { return shoulds.contains { contains($0, doc) } }
        return true
    }

    /// Score per matching document id.
    func scores(_ query: Query) -> [String: Double] {
        let weights = [2.0, 1.0, 1.0], b = 0.75, k1 = 1.2
        let n = Double(documents.count)
        let averages = (0..<3).map { f in Double(documents.reduce(0) { $0 + $1.fields[f].count }) / n }
        var result: [String: Double] = [:]
        for doc in documents where matches(query, doc) {
            var score = 0.0
            for clause in query.clauses where clause.occur != .mustNot {
                let tf = frequencies(clause, in: doc)
                guard tf.reduce(0, +) > 0 else { continue }
                let nt = Double(documents.filter { contains(clause, $0) }.count)
                let idf = log(1 + (n - nt + 0.5) / (nt + 0.5))
                var pseudo = 0.0
                for f in 0..<3 where tf[f] > 0 {
                    pseudo += weights[f] * Double(tf[f]) / (1 - b + b * Double(doc.fields[f].count) / averages[f])
                }
                score += Double(clause.queryFrequency) * (idf * pseudo * (k1 + 1) / (pseudo + k1))
            }
            result[doc.id] = score
        }
        return result
    }
}

func scalarSlice(_ text: String, _ range: Range<Int>) -> String {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: Array(text.unicodeScalars)[range])
    return String(view)
}

func relativeDifference(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(a), abs(b), 1e-300)
}
