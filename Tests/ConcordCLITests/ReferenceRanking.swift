import Foundation

/// An independent model of the fixture index built from `concord analyze` output of every fixture field:
/// term and phrase matching by brute force, and BM25F as specified (title w 2.0, summary and body 1.0,
/// b 0.75, k1 1.2, idf = ln(1 + (N − n + 0.5)/(n + 0.5)), field length = all tokens, stop words included).
struct ReferenceRanking: Sendable {
    struct Entry: Sendable {
        var document: FixtureDocument
        /// Tokens of title, summary and body.
        var fields: [[AnalyzedToken]]
    }

    static let weights = [2.0, 1.0, 1.0]
    static let b = 0.75
    static let k1 = 1.2

    let entries: [Entry]
    let averageLengths: [Double]

    /// The reference for the main fixture corpus, analyzed once per test run.
    static let shared: Result<ReferenceRanking, any Error> = Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("concord-cli-reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        return try ReferenceRanking(documents: FixtureCorpus.documents, concord: ConcordProcess(directory: scratch))
    }

    static func load() throws -> ReferenceRanking { try shared.get() }

    init(documents: [FixtureDocument], concord: ConcordProcess) throws {
        let analyzed = try documents.map { document in
            Entry(document: document, fields: try document.fields.map { try AnalyzedToken.analyze($0, with: concord) })
        }
        let count = Double(max(analyzed.count, 1))
        entries = analyzed
        averageLengths = (0..<3).map { field in Double(analyzed.map { $0.fields[field].count }.reduce(0, +)) / count }
    }

    /// Occurrences per field of the phrase `terms` at relative `offsets` (a single term when one).
    static func frequencies(of terms: [String], offsets: [Int], in entry: Entry) -> [Int] {
        entry.fields.map { tokens in
            var byPosition: [Int: [String]] = [:]
            for token in tokens { byPosition[token.position, default: []].append(token.term) }
            return tokens.filter { first in
                first.term == terms[0] && terms.indices.dropFirst().allSatisfy { part in
                    byPosition[first.position + offsets[part] - offsets[0]]?.contains(terms[part]) == true
                }
            }.count
        }
    }

    /// Locations of the documents containing the phrase (or term) anywhere.
    func matches(_ terms: [String], offsets: [Int]? = nil) -> Set<String> {
        let offsets = offsets ?? Array(terms.indices)
        return Set(entries.filter { Self.frequencies(of: terms, offsets: offsets, in: $0).contains { $0 > 0 } }
            .map(\.document.location))
    }

    /// One clause's BM25F contribution per matching document location.
    func clauseScores(_ terms: [String], offsets: [Int]? = nil) -> [String: Double] {
        let offsets = offsets ?? Array(terms.indices)
        let frequencies = entries.map { Self.frequencies(of: terms, offsets: offsets, in: $0) }
        let n = Double(frequencies.filter { $0.contains { $0 > 0 } }.count)
        let total = Double(entries.count)
        let idf = log(1 + (total - n + 0.5) / (n + 0.5))
        var scores: [String: Double] = [:]
        for (entry, tf) in zip(entries, frequencies) where tf.contains(where: { $0 > 0 }) {
            var pseudo = 0.0
            for field in 0..<3 where tf[field] > 0 {
                let norm = 1 - Self.b + Self.b * Double(entry.fields[field].count) / averageLengths[field]
                pseudo += Self.weights[field] * Double(tf[field]) / norm
            }
            scores[entry.document.location] = idf * pseudo * (Self.k1 + 1) / (pseudo + Self.k1)
        }
        return scores
    }

    /// Summed scores of several single-term clauses (any may match).
    func scores(terms: [String]) -> [String: Double] {
        var total: [String: Double] = [:]
        for term in terms {
            for (location, score) in clauseScores([term]) { total[location, default: 0] += score }
        }
        return total
    }

    /// The entry for a result's source.
    func entry(at location: String) -> Entry? { entries.first { $0.document.location == location } }
}
