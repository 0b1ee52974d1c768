import Foundation
import Testing

/// BM25F scores, phrase matching and query operators, checked against `ReferenceRanking`, a model built
/// only from `concord analyze` output of the fixture documents.
@Suite struct RankingTests {
    static func relativeDifference(_ a: Double, _ b: Double) -> Double {
        abs(a - b) / max(abs(a), abs(b), .leastNormalMagnitude)
    }

    /// Every expected document is returned with its expected score, and nothing else.
    static func expect(_ page: SearchPage, equals expected: [String: Double], tolerance: Double = 1e-6,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(page.total == expected.count, "total for \(page.query)", sourceLocation: sourceLocation)
        #expect(Set(page.sources) == Set(expected.keys), "hits for \(page.query)", sourceLocation: sourceLocation)
        for hit in page.results {
            guard let score = expected[hit.source] else { continue }
            #expect(relativeDifference(hit.score, score) <= tolerance,
                    "\(page.query): \(hit.source) scored \(hit.score), expected \(score)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - BM25F

    @Test(arguments: ["treaty", "Soviet meeting visit", "the armistice of Korea", "Moscow Peking treaty friendship",
                      "Berlin", "of the", "Soviet soviet SOVIET tanks"])
    func scoresEqualAnIndependentBM25FComputation(query: String) throws {
        let workspace = try Workspace.indexed()
        let reference = try ReferenceRanking.load()
        let terms = AnalyzedToken.scoredTerms(try AnalyzedToken.analyze(query, with: workspace.concord))
        #expect(!terms.isEmpty)
        let expected = reference.scores(terms: terms)
        #expect(!expected.isEmpty, "the fixture should match \(query)")
        Self.expect(try workspace.searchJSON(query), equals: expected)
    }

    @Test func averageFieldLengthsCountStopWords() throws {
        let workspace = try Workspace.indexed()
        let reference = try ReferenceRanking.load()
        let stopWords = reference.entries.flatMap { $0.fields.flatMap { $0 } }.filter(\.stop).count
        #expect(stopWords > 0, "the fixture should contain stop words")
        let stats = try workspace.concord.expect(["stats", "--index", workspace.index, "--format", "json"], status: 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        let averages = try #require(object["averageFieldLengths"] as? [String: Any])
        for (name, field) in [("title", 0), ("summary", 1), ("body", 2)] {
            let value = try #require((averages[name] as? NSNumber)?.doubleValue)
            #expect(Self.relativeDifference(value, reference.averageLengths[field]) <= 1e-12, "\(name)")
        }
    }

    // MARK: - Phrases

    @Test(arguments: ["peace treaty", "Soviet tanks", "of the", "the Sino side", "Oder-Neiße-Grenze", "treaty of friendship"])
    func phraseHitsEqualABruteForceScan(phrase: String) throws {
        let workspace = try Workspace.indexed()
        let reference = try ReferenceRanking.load()
        let tokens = try AnalyzedToken.analyze(phrase, with: workspace.concord)
        let terms = tokens.map(\.term), offsets = tokens.map { $0.position - tokens[0].position }
        let expected = reference.matches(terms, offsets: offsets)
        #expect(!expected.isEmpty, "the fixture should contain \(phrase)")
        let page = try workspace.searchJSON("\"\(phrase)\"")
        #expect(Set(page.sources) == expected)
        #expect(page.total == expected.count)
        Self.expect(page, equals: reference.clauseScores(terms, offsets: offsets))
    }

    @Test func phraseDoesNotMatchTheWordsApartOrReversed() throws {
        let workspace = try Workspace.indexed()
        let reference = try ReferenceRanking.load()
        // "Sino side rejected the wording of an earlier Soviet draft": both words, not adjacent.
        #expect(reference.matches(try workspace.terms("Sino")).intersection(reference.matches(try workspace.terms("Soviet"))).count
            > reference.matches(try workspace.terms("Sino Soviet")).count)
        let reversed = try workspace.searchJSON("\"treaty peace\"")
        #expect(reversed.total == reference.matches(try workspace.terms("treaty peace")).count)
        #expect(reversed.total == 0)
    }

    // MARK: - Operators

    @Test func requiredAndExcludedTerms() throws {
        let workspace = try Workspace.indexed()
        let reference = try ReferenceRanking.load()
        let treaty = reference.clauseScores(try workspace.terms("treaty"))
        let moscow = reference.matches(try workspace.terms("Moscow"))
        #expect(!Set(treaty.keys).intersection(moscow).isEmpty, "the fixture should have treaties in Moscow")
        let expected = treaty.filter { !moscow.contains($0.key) }
        Self.expect(try workspace.searchJSON("+treaty -moscow"), equals: expected)

        // A required term must be present; the optional one only adds to the score.
        let required = reference.clauseScores(try workspace.terms("Berlin"))
        let optional = reference.clauseScores(try workspace.terms("meeting"))
        let combined = required.reduce(into: [String: Double]()) { $0[$1.key] = $1.value + (optional[$1.key] ?? 0) }
        Self.expect(try workspace.searchJSON("+Berlin meeting"), equals: combined)
    }

    @Test func onlyExcludedTermsFindNothing() throws {
        let workspace = try Workspace.indexed()
        let arguments = ["search", "-moscow", "--index", workspace.index, "--format", "json"]
        let result = try workspace.concord.expect(arguments, status: 1)
        let page = try SearchPage.decode(result.stdout)
        #expect(page.total == 0 && page.results.isEmpty)
    }

    @Test func leadingDashQueriesAreQueriesNotOptions() throws {
        let workspace = try Workspace.indexed()
        let reference = try ReferenceRanking.load()
        let visit = reference.matches(try workspace.terms("visit"))
        let expected = reference.clauseScores(try workspace.terms("meeting")).filter { !visit.contains($0.key) }
        #expect(!expected.isEmpty)
        let result = try workspace.concord.expect(["search", "-visit meeting", "--index", workspace.index, "--format", "json"],
                                                  status: 0)
        Self.expect(try SearchPage.decode(result.stdout), equals: expected)

        for query in ["-", "+", "-visit", "+visit", "-\"peace treaty\""] {
            for arguments in [["search", query, "--index", workspace.index], ["search", "--index", workspace.index, query]] {
                let lone = try workspace.concord.run(arguments)
                #expect(lone.status == 0 || lone.status == 1, "\(lone.describe(arguments))")
                #expect(!lone.stderr.contains("Unknown option"), "\(lone.describe(arguments))")
            }
        }
        // After an explicit `--` everything is query text.
        let terminated = try workspace.concord.expect(["search", "--index", workspace.index, "--format", "json", "--",
                                                       "-visit", "meeting"], status: 0)
        #expect(try SearchPage.decode(terminated.stdout).total == expected.count)
    }

    @Test func strayQuoteIsNotAnError() throws {
        let workspace = try Workspace.indexed()
        for query in ["treaty \"peace", "\"", "peace\" treaty", "“armistice"] {
            let arguments = ["search", query, "--index", workspace.index, "--format", "json"]
            let result = try workspace.concord.run(arguments)
            #expect(result.status == 0 || result.status == 1, "\(result.describe(arguments))")
            _ = try SearchPage.decode(result.stdout)
        }
        // An unterminated quote runs to the end of the query and is still a phrase.
        let reference = try ReferenceRanking.load()
        let page = try workspace.searchJSON("\"peace treaty")
        #expect(Set(page.sources) == reference.matches(try workspace.terms("peace treaty")))
    }

    @Test func hyphenatedWordMatchesAsAPhrase() throws {
        let workspace = try Workspace.indexed()
        let reference = try ReferenceRanking.load()
        let expected = reference.clauseScores(try workspace.terms("Sino Soviet"))
        #expect(expected.count >= 2)
        let hyphenated = try workspace.searchJSON("Sino-Soviet")
        Self.expect(hyphenated, equals: expected)
        let quoted = try workspace.searchJSON("\"sino soviet\"")
        #expect(hyphenated.results.map(\.id) == quoted.results.map(\.id))
        #expect(hyphenated.results.map(\.score) == quoted.results.map(\.score))
    }
}
