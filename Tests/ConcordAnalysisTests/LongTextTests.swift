import Testing
@_spi(Testing) import ConcordAnalysis

/// Long words and long texts (issue 6, defect 8): a word whose folded form is over 255 bytes is dropped
/// without taking a position, and a text over the 1 MiB slice analyzes to exactly the tokens its parts do.
@Suite struct LongTextTests {
    @Test(arguments: [false, true])
    func wordsOverTheLimitAreDroppedWithoutAPosition(forcingICU: Bool) throws {
        let analyzer = try Analyzer(configuration: .standard(language: "none"))
        analyzer.forcesICUPath = forcingICU
        let longest = String(repeating: "k", count: Analyzer.maxTermBytes)
        let tooLong = longest + "k"
        let tokens = analyzer.tokens("first \(longest) \(tooLong) last")
        #expect(tokens.map(\.term) == ["first", longest, "last"])
        #expect(tokens.map(\.position) == [0, 1, 2])
        let lastStart = 9 + 2 * Analyzer.maxTermBytes
        #expect(tokens.last?.start == lastStart)
        #expect(tokens.last?.end == lastStart + 4)

        // Bytes of the folded form count: 128 two-byte letters are 256 bytes; "é" folds to one byte.
        #expect(analyzer.tokens("a \(String(repeating: "ж", count: 128)) b").map(\.term) == ["a", "b"])
        #expect(analyzer.tokens("a \(String(repeating: "ж", count: 127)) b").count == 3)
        #expect(analyzer.tokens("a \(String(repeating: "é", count: 200)) b").count == 3)
    }

    /// Text with no spaces at all is cut before a standalone symbol, which loses nothing.
    @Test func unspacedTextIsCutBetweenWords() throws {
        let analyzer = try Analyzer(configuration: .standard(language: "none"))
        let count = (3 * Analyzer.sliceBytes) / 6
        let tokens = analyzer.tokens(String(repeating: "kalo-", count: count))
        #expect(tokens.count == count)
        #expect(tokens.allSatisfy { $0.term == "kalo" && $0.start == 5 * $0.position })
    }

    @Test func aGiantWordCostsNoTerm() throws {
        let analyzer = try Analyzer()
        for letter in ["x", "ж"] {
            let giant = String(repeating: letter, count: 3 << 20)
            #expect(analyzer.tokens("before \(giant) after").map(\.term) == analyzer.tokens("before after").map(\.term), "\(letter)")
        }
    }

    /// A text of several slices gives the tokens of its repeated paragraph, shifted: positions continue and
    /// offsets count every scalar before them — checked against the paragraph analyzed on its own.
    @Test(arguments: [false, true])
    func longTextsAnalyzeLikeTheirParts(forcingICU: Bool) throws {
        let analyzer = try Analyzer()
        analyzer.forcesICUPath = forcingICU
        let paragraph = "Die Verhandlungen in Panmunjom, 1953 — U.S. delegates met «les Chinois» at the 38th parallel; "
            + "переговоры продолжались. 停战协定签字。 "
        let unit = analyzer.tokens(paragraph)
        let scalars = paragraph.unicodeScalars.count
        let copies = (3 * Analyzer.sliceBytes) / paragraph.utf8.count + 1
        let text = String(repeating: paragraph, count: copies)
        var expected: [Token] = []
        for copy in 0..<copies {
            for token in unit {
                expected.append(Token(term: token.term, position: token.position + copy * unit.count,
                                      start: token.start + copy * scalars, end: token.end + copy * scalars,
                                      isStopWord: token.isStopWord))
            }
        }
        let tokens = analyzer.tokens(text)
        #expect(tokens.count == expected.count)
        #expect(tokens == expected)

        var batches = 0
        var streamed: [Token] = []
        analyzer.forEachTokenBatch(text) { batch in
            batches += 1
            streamed += batch
        }
        #expect(batches >= 3, "analyzed in slices")
        #expect(streamed == expected)
    }
}
