import Foundation
import Testing

/// `concord search --format json`: snippets come from summaries, highlights mark exactly the query's terms,
/// and results are ordered by score, then id.
@Suite struct SearchJSONTests {
    static let queries = ["treaty", "Soviet meeting", "Petain visit", "the visit of the delegations", "armistice Korea",
                          "signature Paris"]

    /// Whether `snippet` is the summary (whitespace collapsed) or a part of it marked with "…" where cut.
    static func snippet(_ snippet: String, isTakenFrom summary: String) -> Bool {
        let collapsed = summary.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        var inner = Substring(snippet)
        let cutStart = inner.hasPrefix("…"), cutEnd = inner.hasSuffix("…")
        if cutStart { inner = inner.dropFirst() }
        if cutEnd { inner = inner.dropLast() }
        guard !inner.isEmpty else { return false }
        if !cutStart && !cutEnd { return inner == collapsed }
        guard let range = collapsed.range(of: inner) else { return false }
        return (range.lowerBound != collapsed.startIndex) == cutStart && (range.upperBound != collapsed.endIndex) == cutEnd
    }

    // MARK: - Snippets

    /// The text of the field a hit's snippet says it was cut from.
    static func field(_ hit: SearchPage.Hit, of document: FixtureDocument) throws -> String {
        switch hit.snippet_field {
        case "summary": return document.summary
        case "body": return document.body
        case "title": return document.title
        default: throw HarnessError.malformedOutput("snippet_field \(hit.snippet_field ?? "missing")")
        }
    }

    /// The summary when it holds a query term; otherwise the body or title that does, highlighted.
    @Test(arguments: queries)
    func snippetsComeFromTheMatchingFieldSummaryFirst(query: String) throws {
        let workspace = try Workspace.indexed()
        let queryTerms = Set(AnalyzedToken.scoredTerms(try AnalyzedToken.analyze(query, with: workspace.concord)))
        let page = try workspace.searchJSON(query)
        #expect(!page.results.isEmpty)
        for hit in page.results {
            let document = try #require(FixtureCorpus.document(at: hit.source), "unknown source \(hit.source)")
            let text = try Self.field(hit, of: document)
            #expect(Self.snippet(hit.snippet, isTakenFrom: text), "\(hit.snippet) vs \(text)")
            if hit.snippet_field != "summary" {
                let summaryTerms = Set(try AnalyzedToken.analyze(document.summary, with: workspace.concord).map(\.term))
                #expect(summaryTerms.isDisjoint(with: queryTerms), "\(hit.id): the summary matches, yet the snippet is from \(hit.snippet_field ?? "")")
                #expect(!hit.highlights.isEmpty, "\(hit.id): a snippet taken for its match highlights it")
            }
            #expect(hit.title == document.title)
            #expect(hit.date == document.isoDate)
        }
    }

    @Test func longSummariesAreCutAtWordsAroundTheMatch() throws {
        let workspace = try Workspace.indexed()
        let page = try workspace.searchJSON("signature")
        let hit = try #require(page.results.first { $0.source == "letters/long-summary.txt" })
        let summary = try #require(FixtureCorpus.document(at: hit.source)?.summary)
        #expect(hit.snippet.hasPrefix("…"), "the match is near the end of a long summary: \(hit.snippet)")
        #expect(hit.snippet.count < summary.count)
        #expect(Self.snippet(hit.snippet, isTakenFrom: summary))
    }

    // MARK: - Highlights

    @Test(arguments: queries)
    func highlightsMarkExactlyTheWordsMatchingQueryTerms(query: String) throws {
        let workspace = try Workspace.indexed()
        let queryTerms = Set(AnalyzedToken.scoredTerms(try AnalyzedToken.analyze(query, with: workspace.concord)))
        let page = try workspace.searchJSON(query)
        for hit in page.results {
            let scalars = Array(hit.snippet.unicodeScalars)
            for range in hit.highlights {
                try #require(range.count == 2 && 0 <= range[0] && range[0] < range[1] && range[1] <= scalars.count,
                             "bad highlight \(range) in \(hit.snippet)")
                let word = String(String.UnicodeScalarView(scalars[range[0]..<range[1]]))
                let terms = try AnalyzedToken.analyze(word, with: workspace.concord).map(\.term)
                #expect(terms.count == 1 && queryTerms.contains(terms[0]), "highlighted \(word) → \(terms)")
            }
            let expected = try AnalyzedToken.analyze(hit.snippet, with: workspace.concord)
                .filter { queryTerms.contains($0.term) }.map { [$0.start, $0.end] }
            #expect(hit.highlights == expected, "snippet \(hit.snippet)")
        }
    }

    // MARK: - Order

    @Test(arguments: queries + ["fishing zone"])
    func resultsAreOrderedByScoreThenId(query: String) throws {
        let workspace = try Workspace.indexed()
        let page = try workspace.searchJSON(query)
        #expect(page.results.map(\.rank) == Array(stride(from: 1, through: page.results.count, by: 1)))
        for (earlier, later) in zip(page.results, page.results.dropFirst()) {
            #expect(earlier.score >= later.score)
            if earlier.score == later.score {
                #expect(earlier.id.utf8.lexicographicallyPrecedes(later.id.utf8), "tie \(earlier.id) before \(later.id)")
            }
        }
    }

    // MARK: - Batch, JSON lines and explanations

    @Test func batchAnswersOneJSONLinePerQuery() throws {
        let workspace = try Workspace.indexed()
        let queries = ["treaty", "zzzz nothing", "\"peace treaty\"", "-visit meeting"]
        let result = try workspace.concord.expect(["search", "--batch", "--index", workspace.index, "--limit", "5"],
                                                  status: 0, input: queries.joined(separator: "\n") + "\n")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == queries.count, "stdout: \(result.stdout)")
        for (line, query) in zip(lines, queries) {
            let page = try SearchPage.decode(line)
            let single = try workspace.searchJSON(query, limit: 5)
            #expect(page.query == query)
            #expect(page.total == single.total && page.results.map(\.id) == single.results.map(\.id))
        }
        try workspace.concord.expect(["search", "--batch", "--index", workspace.index], status: 1, input: "zzzz\nqqqq\n")
    }

    @Test func overlongQueriesAreUsageErrorsAndBatchAnswersThemWithAnErrorLine() throws {
        let workspace = try Workspace.indexed()
        let phrase = "\"" + (0..<2000).map { "word\($0)" }.joined(separator: " ") + "\""
        let single = try workspace.concord.expect(["search", phrase, "--index", workspace.index], status: 2)
        #expect(single.stderr.contains("at most 1024"), "\(single)")
        let huge = String(repeating: "treaty ", count: 20_000)
        let batch = try workspace.concord.expect(["search", "--batch", "--index", workspace.index], status: 0,
                                                 input: [phrase, huge, "treaty"].joined(separator: "\n") + "\n")
        let lines = batch.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 3, "\(batch)")
        #expect(lines[0].contains("\"error\"") && lines[0].contains("at most 1024"))
        #expect(lines[1].contains("\"error\"") && lines[1].contains("bytes"))
        #expect(try SearchPage.decode(lines[2]).total > 0)
    }

    @Test func jsonLinesFormatPrintsOneLine() throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.expect(["search", "treaty", "--index", workspace.index, "--format", "jsonl"],
                                                  status: 0)
        #expect(result.stdout.split(separator: "\n").count == 1)
        #expect(try SearchPage.decode(result.stdout).results.map(\.id) == workspace.searchJSON("treaty", limit: 10).results.map(\.id))
    }

    @Test func explanationAddsUpToTheScore() throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.expect(["search", "treaty Moscow", "--index", workspace.index, "--format", "json",
                                                   "--explain"], status: 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(!results.isEmpty)
        for hit in results {
            let score = try #require((hit["score"] as? NSNumber)?.doubleValue)
            let explanation = try #require(hit["explanation"] as? [String: Any], "missing explanation")
            let clauses = try #require(explanation["clauses"] as? [[String: Any]])
            let sum = clauses.compactMap { ($0["contribution"] as? NSNumber)?.doubleValue }.reduce(0, +)
            #expect(RankingTests.relativeDifference(sum, score) <= 1e-12)
            #expect((explanation["documents"] as? Int) == FixtureCorpus.documents.count)
        }
        let plain = try workspace.concord.expect(["search", "treaty", "--index", workspace.index, "--format", "json"], status: 0)
        #expect(!plain.stdout.contains("\"explanation\""))
    }

    @Test func identicalRecordsTieAndAreOrderedById() throws {
        let workspace = try Workspace.indexed()
        let page = try workspace.searchJSON("fishing")
        // In the fixture file "tie-b" comes before "tie-a"; ids decide, not file order.
        #expect(page.results.map(\.id) == ["tie-a", "tie-b"])
        #expect(page.results.count == 2 && page.results[0].score == page.results[1].score)
    }
}
