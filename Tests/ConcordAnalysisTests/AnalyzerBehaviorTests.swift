import Foundation
import Testing
@testable import ConcordAnalysis

@Suite struct AnalyzerBehaviorTests {
    // MARK: - Offsets and positions

    @Test(arguments: [
        "Plain ASCII text, with punctuation; and U.S. acronyms.",
        "Pétain met Støre in Łódź — 1,000 people cheered!",
        "ﬁne ＡＢＣ data\u{200B}base Stalin’s",
        "𝐁𝐨𝐥𝐝 letters 😀 and 中华人民共和国 and ราชอาณาจักรไทย",
        "e\u{301}te\u{301} (combining accents) पाठ",
    ])
    func offsetsSliceTheOriginalWord(text: String) throws {
        let analyzer = try Analyzer(configuration: .standard(language: "none"))
        let tokens = analyzer.tokens(text)
        #expect(!tokens.isEmpty)
        for token in tokens {
            // Re-analyzing the slice alone gives back the same term.
            let word = slice(text, token)
            #expect(analyzer.tokens(word).map(\.term) == [token.term], "slice '\(word)' of token \(token)")
        }
        #expect(tokens.map(\.position) == Array(0..<tokens.count))
        #expect(zip(tokens, tokens.dropFirst()).allSatisfy { $0.end <= $1.start })
    }

    @Test func offsetsAreScalarOffsets() throws {
        let tokens = try Analyzer(configuration: .standard(language: "none")).tokens("😀 café x")
        #expect(tokens.map(\.start) == [2, 7])
        #expect(tokens.map(\.end) == [6, 8])
    }

    // MARK: - Stop words

    @Test func stopWordsAreKeptAndFlagged() throws {
        let tokens = try Analyzer(configuration: .standard()).tokens("The Who played at the Isle of Wight")
        #expect(tokens.map(\.term) == ["the", "who", "play", "at", "the", "isl", "of", "wight"])
        #expect(tokens.map(\.isStopWord) == [true, false, false, true, true, false, true, false])
    }

    @Test func stopFlagUsesTheUnstemmedForm() throws {
        // "was" stems to "wa" but is still a stop word; "thing" is not.
        let tokens = try Analyzer(configuration: .standard()).tokens("was things")
        #expect(tokens.map(\.isStopWord) == [true, false])
    }

    @Test func customStopWordsAreFoldedLikeTerms() throws {
        let analyzer = try Analyzer(configuration: AnalyzerConfiguration(language: "german", stopWords: ["FÜR", "Straße"]))
        let tokens = analyzer.tokens("fur Strasse Haus")
        #expect(tokens.map(\.isStopWord) == [true, true, false])
    }

    @Test func defaultStopListsExist() {
        #expect(AnalyzerConfiguration.defaultStopWords(for: "english").count == 33)
        for language in ["french", "german", "spanish", "russian", "italian", "portuguese", "dutch"] {
            #expect(AnalyzerConfiguration.defaultStopWords(for: language).count > 20, "\(language)")
        }
        #expect(AnalyzerConfiguration.defaultStopWords(for: "finnish").isEmpty)
    }

    // MARK: - Stemming

    @Test func englishStemming() throws {
        #expect(try terms("talks") == ["talk"])
        let stems = try terms("negotiations negotiating")
        #expect(stems[0] == stems[1])
        #expect(try terms("talks", language: "none") == ["talks"])
    }

    @Test func onlyLetterWordsAreStemmed() throws {
        // "runs" is stemmed, mixed and numeric words are not.
        #expect(try terms("runs runs2 foo_runs") == ["run", "runs2", "foo_runs"])
    }

    // MARK: - Configuration

    @Test func languagesAreValidated() throws {
        #expect(throws: AnalyzerError.self) { try Analyzer(configuration: AnalyzerConfiguration(language: "klingon")) }
        #expect(throws: AnalyzerError.self) { try AnalyzerConfiguration.standard(language: "klingon") }
        #expect(try AnalyzerConfiguration.standard(language: "Russian").language == "russian")
        #expect(AnalyzerConfiguration.supportedLanguages.contains("english"))
        #expect(AnalyzerConfiguration.supportedLanguages.contains("none"))
    }

    @Test func configurationRoundTripsThroughCodable() throws {
        let configuration = try AnalyzerConfiguration.standard(language: "french")
        let data = try JSONEncoder().encode(configuration)
        #expect(try JSONDecoder().decode(AnalyzerConfiguration.self, from: data) == configuration)
    }
}
