import Foundation
import Testing

/// `concord analyze` and `concord stats` JSON output.
@Suite struct AnalyzeAndStatsTests {
    static let sample = "Zhou Enlai’s visit to the Oder-Neiße line in 1954: Пётр met 周恩来 at the U.N."

    // MARK: - analyze

    @Test func analyzeOffsetsSliceTheInputToEachWord() throws {
        let workspace = try Workspace()
        let result = try workspace.concord.expect(["analyze", Self.sample, "--format", "json"], status: 0)
        let tokens = try JSONDecoder().decode([AnalyzedToken].self, from: Data(result.stdout.utf8))
        let raw = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(raw.allSatisfy { Set($0.keys) == ["term", "position", "start", "end", "stop"] })
        #expect(tokens.map(\.position) == Array(tokens.indices), "positions count every token")

        let scalars = Array(Self.sample.unicodeScalars)
        var words: [String] = []
        for token in tokens {
            try #require(0 <= token.start && token.start < token.end && token.end <= scalars.count)
            let word = String(String.UnicodeScalarView(scalars[token.start..<token.end]))
            words.append(word)
            let hasSpace = word.unicodeScalars.contains { $0.properties.isWhitespace }
            #expect(!hasSpace)
            // The slice alone analyzes to the same term.
            #expect(try workspace.terms(word) == [token.term], "\(word)")
        }
        for word in ["Zhou", "Enlai’s", "visit", "Oder", "Neiße", "1954", "Пётр", "met"] {
            #expect(words.contains(word), "\(word) should be a token of the sample: \(words)")
        }
        let stops = Dictionary(tokens.map { ($0.term, $0.stop) }, uniquingKeysWith: { a, _ in a })
        #expect(stops["the"] == true && stops["to"] == true && stops["at"] == true && stops["in"] == true)
        #expect(tokens.filter { ["visit", "Oder", "1954"].contains(words[$0.position]) }.allSatisfy { !$0.stop })
    }

    @Test func analyzeReadsStandardInputWithoutText() throws {
        let workspace = try Workspace()
        let argument = try workspace.concord.expect(["analyze", Self.sample, "--format", "json"], status: 0)
        let input = try workspace.concord.expect(["analyze", "--format", "json"], status: 0, input: Self.sample)
        #expect(argument.stdout == input.stdout)
    }

    @Test func analyzeFoldsCaseAndDiacritics() throws {
        let workspace = try Workspace()
        #expect(try workspace.terms("PÉTAIN") == workspace.terms("petain"))
        #expect(try workspace.terms("Neiße") == workspace.terms("neisse"))
        #expect(try workspace.terms("Sino-Soviet").count == 2)
    }

    // MARK: - stats

    @Test func statsDescribesTheIndex() throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.expect(["stats", "--index", workspace.index, "--format", "json"], status: 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["documents", "terms", "segments", "bytes", "deletedDocuments", "commit", "language",
                                     "averageFieldLengths"])
        #expect((object["documents"] as? Int) == FixtureCorpus.documents.count)
        #expect((object["deletedDocuments"] as? Int) == 0)
        #expect((object["language"] as? String) == "english")
        #expect(((object["terms"] as? Int) ?? 0) > 100)
        #expect(((object["segments"] as? Int) ?? 0) >= 1)
        #expect(((object["bytes"] as? Int) ?? 0) > 0)
        #expect(((object["commit"] as? Int) ?? 0) >= 1)
        let averages = try #require(object["averageFieldLengths"] as? [String: Any])
        #expect(Set(averages.keys) == ["title", "summary", "body"])
    }

    @Test func statsWithoutAnIndexIsAnError() throws {
        let workspace = try Workspace()
        try workspace.concord.expect(["stats", "--index", "nowhere"], status: 3)
    }
}
