import ConcordAnalysis
import ConcordIndex
import ConcordStorage
import Foundation
import Testing
@testable import ConcordSearch

// MARK: - Pruning report (opt-in: CONCORD_PRUNING_INDEX=<index folder built with default settings>
// CONCORD_PRUNING_QUERIES=<query file>[,<query file>…], ideally with -c release)

/// For each query file (one query a line), how many of the matches are counted without being scored
/// with the skip data's pseudo-frequency bounds and with the per-field bounds alone, and the time of
/// each (side by side, in one process). Prints; asserts only that pages agree.
@Test(.enabled(if: ProcessInfo.processInfo.environment["CONCORD_PRUNING_INDEX"] != nil))
func reportPruningWithAndWithoutPseudoFrequencyBounds() throws {
    let environment = ProcessInfo.processInfo.environment
    let path = try #require(environment["CONCORD_PRUNING_INDEX"])
    let analyzer = try Analyzer()
    let index = OnDiskIndex(reader: try IndexReader(directory: try FileSystemDirectory(path: path)))
    let tight = Searcher(index: index)
    var loose = tight
    loose.usesPseudoFrequencyBounds = false
    for file in (environment["CONCORD_PRUNING_QUERIES"] ?? "").split(separator: ",") {
        let queries = try String(contentsOfFile: String(file), encoding: .utf8).split(separator: "\n").map(String.init)
        let nodes = try queries.map { try QueryNode(parsing: $0, tokenizer: analyzer) }
        var totals = 0, pruned = [0, 0], nanoseconds: [UInt64] = [0, 0]
        for round in 0..<3 {
            for (k, searcher) in [tight, loose].enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                for (node, text) in zip(nodes, queries) {
                    let results = try searcher.search(node, options: SearchOptions(limit: 10))
                    if round == 0 {
                        pruned[k] += results.prunedDocuments
                        if k == 0 { totals += results.total }
                        let other = try [loose, tight][k].search(node, options: SearchOptions(limit: 10))
                        #expect(other.hits.map(\.score) == results.hits.map(\.score), "\(text)")
                    }
                }
                if round > 0 { nanoseconds[k] += DispatchTime.now().uptimeNanoseconds - start }
            }
        }
        let ms = nanoseconds.map { Double($0) / 2e6 / Double(max(queries.count, 1)) }
        print("pruning \(file): \(totals) matches; unscored \(pruned[0]) (pseudo-frequency bounds) vs \(pruned[1]) (field bounds); "
              + String(format: "%.4f vs %.4f ms/query", ms[0], ms[1]))
    }
}
