import Foundation
import Testing

/// `concord index`: summary line, incremental updates, malformed records, and search building a missing index.
@Suite struct IndexingTests {
    /// The counts of a summary line `+N new, C changed, R removed, U unchanged · 0.13 s`.
    static func counts(_ stdout: String) -> [Int]? {
        let line = stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let pattern = #"^\+([0-9,]+) new, ([0-9,]+) changed, ([0-9,]+) removed, ([0-9,]+) unchanged · [0-9]+\.[0-9]+ s$"#
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) else { return nil }
        return (1...4).compactMap { group in
            Range(match.range(at: group), in: line).flatMap { Int(line[$0].replacingOccurrences(of: ",", with: "")) }
        }
    }

    static let comparisonQueries = ["treaty", "visit meeting", "\"peace treaty\"", "Soviet -Berlin", "Budapest",
                                    "fishing zone", "Sino-Soviet", "+armistice Korea"]

    // MARK: - Auto-build

    @Test func searchBuildsAMissingDefaultIndexFromTheCorpus() throws {
        // Only the default index is built by a search (an explicit --index must exist: NewUserTests).
        let workspace = try Workspace()
        let reference = try ReferenceRanking.load()
        let arguments = ["search", "treaty", "--corpus", workspace.corpus, "--format", "json"]
        let first = try workspace.concord.expect(arguments, status: 0)
        #expect(first.stderr.contains("no index at Index"), "stderr: \(first.stderr)")
        #expect(first.stderr.contains("indexing"), "stderr: \(first.stderr)")
        let page = try SearchPage.decode(first.stdout)
        #expect(page.total == reference.matches(try workspace.terms("treaty")).count)

        let second = try workspace.concord.expect(arguments, status: 0)
        #expect(!second.stderr.contains("indexing"), "the index exists now: \(second.stderr)")
        #expect(try SearchPage.decode(second.stdout).results.map(\.id) == page.results.map(\.id))
    }

    @Test func searchWithoutIndexOrCorpusIsAnError() throws {
        let workspace = try Workspace()
        try workspace.concord.expect(["search", "treaty", "--index", "nowhere", "--corpus", "missing"], status: 3)
    }

    @Test func missingCorpusIsAnError() throws {
        let workspace = try Workspace()
        let result = try workspace.concord.expect(["index", "--corpus", "missing", "--index", workspace.index], status: 3)
        #expect(result.stderr.contains("missing"), "stderr: \(result.stderr)")
    }

    // MARK: - Malformed records

    @Test func malformedJSONLinesAreReportedAndTheRestIsIndexed() throws {
        let workspace = try Workspace(copying: FixtureCorpus.malformed)
        let result = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index],
                                                  status: 4)
        let lines = try String(contentsOf: workspace.corpusFile("batch.jsonl"), encoding: .utf8).components(separatedBy: "\n")
        let unclosed = try #require(lines.firstIndex { $0.contains("Unclosed") }) + 1
        let withoutID = try #require(lines.firstIndex { $0.contains("Without Identifier") }) + 1
        #expect(result.stderr.contains("batch.jsonl:\(unclosed): error:"), "stderr: \(result.stderr)")
        #expect(result.stderr.contains("batch.jsonl:\(withoutID): error:"), "stderr: \(result.stderr)")
        #expect(Self.counts(result.stdout) == [3, 0, 0, 0], "stdout: \(result.stdout)")

        for (query, id) in [("Danube", "ok-1"), ("Trieste", "ok-2"), ("Antarctica", "ok-3")] {
            #expect(try workspace.searchJSON(query).results.map(\.id) == [id])
        }
        try workspace.concord.expect(["search", "Unclosed", "--index", workspace.index], status: 1)
        try workspace.concord.expect(["search", "Identifier", "--index", workspace.index], status: 1)
    }

    @Test func cleanCorpusIndexesWithoutDiagnostics() throws {
        let workspace = try Workspace()
        let result = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index],
                                                  status: 0)
        #expect(result.stderr.isEmpty, "stderr: \(result.stderr)")
        #expect(Self.counts(result.stdout) == [FixtureCorpus.documents.count, 0, 0, 0], "stdout: \(result.stdout)")
    }

    // MARK: - Incremental updates

    @Test func incrementalUpdatesMatchAFreshRebuild() throws {
        let workspace = try Workspace()
        let count = FixtureCorpus.documents.count
        let index = ["index", "--corpus", workspace.corpus, "--index", workspace.index]
        let step = { (expected: [Int], what: String) throws in
            let result = try workspace.concord.expect(index, status: 0)
            #expect(Self.counts(result.stdout) == expected, "\(what): \(result.stdout)")
        }
        try step([count, 0, 0, 0], "first run")
        try step([0, 0, 0, count], "no change")

        try """
            Title: Note on the Austrian State Treaty
            Date: May 15, 1955

            Four powers and Austria sign a treaty that ends the occupation in exchange for neutrality.
            """.write(to: workspace.corpusFile("letters/austria.txt"), atomically: true, encoding: .utf8)
        try step([1, 0, 0, count], "added a file")

        let listing = workspace.corpusFile("archive/results-page.listing")
        let text = try String(contentsOf: listing, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "Four powers meet without", with: "Four powers and their advisers meet without")
        #expect(edited != text)
        try edited.write(to: listing, atomically: true, encoding: .utf8)
        try step([0, 1, 0, count], "edited one listing record")

        let removedRecords = FixtureCorpus.documents.filter { $0.location.hasPrefix("records/cables.jsonl:") }.count
        #expect(removedRecords > 1)
        try FileManager.default.removeItem(at: workspace.corpusFile("records/cables.jsonl"))
        try step([0, 0, removedRecords, count + 1 - removedRecords], "deleted a file")

        let rebuilt = try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", "fresh", "--rebuild"],
                                                   status: 0)
        #expect(Self.counts(rebuilt.stdout) == [count + 1 - removedRecords, 0, 0, 0], "rebuild: \(rebuilt.stdout)")
        for query in Self.comparisonQueries {
            let updated = try workspace.searchJSON(query)
            let fresh = try workspace.searchJSON(query, index: "fresh")
            #expect(updated.total == fresh.total, "\(query)")
            #expect(updated.results.map(\.id) == fresh.results.map(\.id), "\(query)")
            for (a, b) in zip(updated.results, fresh.results) {
                #expect(RankingTests.relativeDifference(a.score, b.score) <= 1e-9, "\(query): \(a.id) \(a.score) vs \(b.score)")
                #expect(a.snippet == b.snippet && a.source == b.source && a.title == b.title)
            }
        }
        #expect(try workspace.searchJSON("Austrian neutrality").results.first?.source == "letters/austria.txt")
        #expect(try workspace.searchJSON("advisers").total == 1)
        #expect(try workspace.searchJSON("Ussuri").total == 0)
    }
}
