import Foundation
import Testing
@testable import Concord

/// Seeds to run: `CONCORD_EXACTNESS_SEED=<n>` runs one (to reproduce a failure), `CONCORD_EXACTNESS_SEEDS=<n>`
/// runs seeds 1…n (a longer soak); by default a few fixed seeds keep the test fast.
private func exactnessSeeds() -> [UInt64] {
    let environment = ProcessInfo.processInfo.environment
    if let text = environment["CONCORD_EXACTNESS_SEED"], let seed = UInt64(text) { return [seed] }
    if let text = environment["CONCORD_EXACTNESS_SEEDS"], let count = UInt64(text), count > 0 { return Array(1...count) }
    return [1, 2, 3, 4]
}

/// Options that make even a small corpus flush several segments per run and merge them.
private func smallBudgetOptions() -> CorpusIndexer.Options {
    var options = CorpusIndexer.Options()
    options.ramBudget = 64 << 10
    options.mergePolicy = TieredMergePolicy(mergeFactor: 3, floorDocuments: 5)
    return options
}

/// After every step of a random sequence of corpus changes, an incrementally maintained index answers
/// every query exactly as a fresh rebuild of the same corpus does, and reports what changed.
@Test(arguments: exactnessSeeds())
func incrementalIndexMatchesFreshRebuild(seed: UInt64) throws {
    let folder = try TemporaryFolder("exactness")
    defer { folder.remove() }
    let reproduce = "reproduce: CONCORD_EXACTNESS_SEED=\(seed) swift test --filter incrementalIndexMatchesFreshRebuild"
    var rng = SeededGenerator(seed: seed)
    var model = CorpusModel(root: folder.appending("corpus"))
    try model.populate(&rng)
    let incremental = IndexFolder(path: folder.appending("incremental"))
    var log = ["seed \(seed): initial corpus of \(model.files.count) files"]
    var before: [String: CorpusModel.Winner] = [:]
    var shapes: [String] = []

    let steps = rng.int(6...10)
    for step in 0...steps {
        if step > 0 {
            for _ in 0..<rng.int(1...3) { log.append("step \(step): " + (try model.mutate(&rng))) }
        }
        let context = { (problem: String) -> Comment in
            Comment(rawValue: "\(problem)\n\(log.joined(separator: "\n"))\n\(reproduce)")
        }
        let report = try incremental.update(fromCorpus: model.root, options: smallBudgetOptions())
        let after = model.winners()
        let expected = CorpusModel.expectedCounts(from: before, to: after)
        let actual = (added: report.added, changed: report.changed, removed: report.removed, unchanged: report.unchanged)
        #expect(actual == expected, context("step \(step): report \(actual), expected \(expected)"))
        #expect(report.documentCount == after.count, context("step \(step): \(report.documentCount) live documents, expected \(after.count)"))
        #expect(report.errorCount == 0, context("step \(step): corpus errors \(report.diagnostics)"))
        before = after

        let health = try incremental.check()
        #expect(health.isHealthy && health.warnings.isEmpty,
                context("step \(step): check found \(health.problems) \(health.warnings)"))

        let statistics = try incremental.statistics()
        shapes.append("\(statistics.segments) segments, \(statistics.deletedDocuments) deleted")

        let fresh = IndexFolder(path: folder.appending("fresh-\(step)"))
        var rebuild = CorpusIndexer.Options()
        rebuild.rebuild = true
        let freshReport = try fresh.update(fromCorpus: model.root, options: rebuild)
        #expect(freshReport.added == after.count, context("step \(step): rebuild added \(freshReport.added)"))

        let queries = ExactnessQueries.queries(for: model, rng: &rng)
        let differences = try compare(incremental: incremental, fresh: fresh, queries: queries)
        for difference in differences.prefix(5) { Issue.record(context("step \(step): \(difference)")) }
        try? FileManager.default.removeItem(atPath: fresh.path)
        if !differences.isEmpty { return }
    }
    // The run must have exercised what it is about: several segments and deletion files.
    print("seed \(seed) index shapes: \(shapes.joined(separator: "; "))")
    #expect(shapes.contains { !$0.hasPrefix("1 segments") }, "seed \(seed): never more than one segment")
    #expect(shapes.contains { !$0.hasSuffix(" 0 deleted") }, "seed \(seed): never a deletion file")
}

/// Compares the top 50 of every query; returns one line per difference.
private func compare(incremental: IndexFolder, fresh: IndexFolder, queries: [String]) throws -> [String] {
    let a = try incremental.openSearcher(), b = try fresh.openSearcher()
    var differences: [String] = []
    if a.documentCount != b.documentCount {
        differences.append("live documents: incremental \(a.documentCount), rebuild \(b.documentCount)")
    }
    for query in queries {
        let x = try a.search(query, limit: 50), y = try b.search(query, limit: 50)
        if x.total != y.total {
            differences.append("query \(query): total \(x.total) incremental, \(y.total) rebuild")
        }
        if x.results.map(\.id) != y.results.map(\.id) {
            differences.append("query \(query): ids \(x.results.map(\.id)) incremental, \(y.results.map(\.id)) rebuild")
            continue
        }
        for (r, s) in zip(x.results, y.results) {
            let tolerance = 1e-6 * max(abs(r.score), abs(s.score))
            if abs(r.score - s.score) > tolerance {
                differences.append("query \(query): \(r.id) scores \(r.score) incremental, \(s.score) rebuild")
            }
            if r.title != s.title || r.source != s.source || r.snippet != s.snippet {
                differences.append("query \(query): \(r.id) shows \(r.title) from \(r.source), rebuild \(s.title) from \(s.source)")
            }
            if try a.record(id: r.id) != b.record(id: s.id) {
                differences.append("query \(query): \(r.id)'s record differs between incremental and rebuild")
            }
        }
    }
    return differences
}

/// Query generation for the exactness test.
private enum ExactnessQueries {
    /// About fifteen queries of every kind, drawn from the corpus so that most match many documents.
    static func queries(for model: CorpusModel, rng: inout SeededGenerator) -> [String] {
        let texts = model.allTexts
        func common() -> String { CorpusModel.vocabulary[rng.int(0...20)] }
        func any() -> String { CorpusModel.word(&rng) }
        func phrase() -> String {
            let words = rng.pick(texts).split(separator: " ")
            guard words.count >= 2 else { return "\"\(common()) \(common())\"" }
            let start = rng.int(0...(words.count - 2))
            let length = min(words.count - start, rng.int(2...3))
            return "\"" + words[start..<(start + length)].joined(separator: " ") + "\""
        }
        var queries = [common(), common(), any(), any()]
        queries += ["\(common()) \(any()) \(any())", "\(any()) \(any())", "\(common()) \(common()) \(common())"]
        queries += ["+\(common()) +\(common())", "+\(common()) +\(any())", "+\(common()) \(any())"]
        queries += [phrase(), phrase(), "\(phrase()) \(common())"]
        queries += ["\(common()) -\(common())", "+\(common()) \(any()) -\(any())"]
        return queries
    }
}
