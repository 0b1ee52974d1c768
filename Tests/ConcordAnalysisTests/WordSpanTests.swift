import Testing
@_spi(Testing) @testable import ConcordAnalysis

/// `wordSpans` keeps exactly the words, positions and offsets of `tokens`, leaving the terms out, on
/// every path (ASCII, ICU, mixed, words dropped for length or for folding to nothing, slices), and the
/// analyzer afterwards resolves terms as before.
@Suite struct WordSpanTests {
    static let texts = [
        "Plain ASCII text, with punctuation; and U.S. acronyms, 1,000.5 and node.js.",
        "Pétain met Støre in Łódź — 1,000 people cheered! l'Union dell'arte",
        "ﬁne ＡＢＣ data\u{200B}base Stalin’s \u{00AD}\u{200D} a\u{0301}",
        "𝐁𝐨𝐥𝐝 letters 😀 and 中华人民共和国 and ราชอาณาจักรไทย",
        String(repeating: "x", count: 300) + " kept " + String(repeating: "é", count: 200) + " after",
        "",
    ]

    @Test(arguments: texts)
    func spansAreTheTokensWithoutTerms(text: String) throws {
        let analyzer = try Analyzer(configuration: .standard())
        let tokens = analyzer.tokens(text)
        let spans = analyzer.wordSpans(text)
        #expect(spans.map { [$0.position, $0.start, $0.end] } == tokens.map { [$0.position, $0.start, $0.end] })
        #expect(spans.allSatisfy { $0.term.isEmpty && !$0.isStopWord })
        #expect(analyzer.tokens(text) == tokens)
        // Counted without making them, and cut short at any limit, the same words.
        #expect(analyzer.wordCount(text) == tokens.count)
        for limit in [0, 1, 3, tokens.count / 2, tokens.count, tokens.count + 5] {
            let first = analyzer.wordSpans(text, limit: limit)
            #expect(first.map { [$0.position, $0.start, $0.end] } == spans.prefix(limit).map { [$0.position, $0.start, $0.end] })
        }
        #expect(analyzer.tokens(text) == tokens)
    }

    /// A text of many short ASCII and non-ASCII runs, cut short at a limit, is scanned only as far as the
    /// runs that hold the words wanted, with the same words as when it is segmented whole.
    @Test func aLimitedMixedTextIsScannedOnlyUpToItsWords() throws {
        let analyzer = try Analyzer(configuration: .standard())
        let text = (0..<2000).map { "word\($0) café\($0)" }.joined(separator: " ")
        let spans = analyzer.wordSpans(text)
        #expect(spans.count == 4000)
        for limit in [1, 10, 999, 3999] {
            let before = analyzer.scannedRunBytes
            let first = analyzer.wordSpans(text, limit: limit)
            #expect(first.map { [$0.position, $0.start, $0.end] } == spans.prefix(limit).map { [$0.position, $0.start, $0.end] })
            let scanned = analyzer.scannedRunBytes - before
            // The words wanted end about limit / 4000 of the way; a run or two more are looked at.
            #expect(scanned <= text.utf8.count * limit / 4000 + 64, "limit \(limit): \(scanned) bytes scanned")
        }
        let before = analyzer.scannedRunBytes
        _ = analyzer.wordSpans(text)
        #expect(analyzer.scannedRunBytes - before == text.utf8.count)
    }

    /// One non-ASCII word, then a long ASCII run (a list of names with the punctuation that joins words):
    /// cut short at a limit, the run is scanned in parts only as far as the words wanted, the same words.
    @Test func aLimitedLongASCIIRunIsScannedOnlyUpToItsWords() throws {
        let analyzer = try Analyzer(configuration: .standard())
        let names = (0..<3000).map { "Noto Sans U.S. Cond\($0) l'ete-free 1,000.5 *" }.joined(separator: " ")
        let text = "Schriftfamilien » " + names
        let spans = analyzer.wordSpans(text)
        #expect(spans.count > 20_000)
        for limit in [1, 7, 2_500, spans.count / 2, spans.count - 1, spans.count, spans.count + 3] {
            let before = analyzer.scannedRunBytes
            let first = analyzer.wordSpans(text, limit: limit)
            #expect(first.map { [$0.position, $0.start, $0.end] } == spans.prefix(limit).map { [$0.position, $0.start, $0.end] })
            let scanned = analyzer.scannedRunBytes - before
            let wanted = limit < spans.count ? text.utf8.count * limit / spans.count : text.utf8.count
            #expect(scanned <= wanted + 2 * Analyzer.limitedRunBytes + 200, "limit \(limit): \(scanned) bytes scanned")
        }
    }

    @Test func spansOfALongTextCrossSlicesLikeTokens() throws {
        let analyzer = try Analyzer(configuration: .standard())
        let text = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: Analyzer.sliceBytes / 40)
        let tokens = analyzer.tokens(text)
        let spans = analyzer.wordSpans(text)
        #expect(spans.count == tokens.count)
        #expect(spans.map(\.position) == tokens.map(\.position) && spans.map(\.start) == tokens.map(\.start))
        #expect(analyzer.wordCount(text) == tokens.count)
        #expect(analyzer.wordSpans(text, limit: 10).map(\.start) == tokens.prefix(10).map(\.start))
    }
}

/// `wordBounds` gives exactly the offsets of `wordSpans(_:limit:)` on every path, and the bit test that
/// classifies word bytes agrees with the character classes it stands for on every byte.
@Suite struct WordBoundsTests {
    @Test(arguments: WordSpanTests.texts + [
        "Plain words, U.S.A. 1,000.5 x@y.org foo_bar _ __ it's l'Union 3.14 " + String(repeating: "w", count: 256) + " end",
        "  leading and trailing spaces \n\t ",
    ])
    func boundsAreTheSpansOffsets(text: String) throws {
        for forcesICU in [false, true] {
            let analyzer = try Analyzer(configuration: .standard())
            analyzer.forcesICUPath = forcesICU
            let spans = analyzer.wordSpans(text)
            for limit in [0, 1, 2, spans.count / 2, spans.count, spans.count + 3] {
                let bounds = try #require(analyzer.wordBounds(text, limit: limit))
                #expect(bounds == spans.prefix(limit).map(WordBounds.init), "limit \(limit), ICU \(forcesICU)")
            }
        }
    }

    @Test func wordByteBitTestMatchesTheClasses() {
        for value in 0...255 {
            let b = UInt8(value)
            let expected = Analyzer.isASCIIALetter(b) || Analyzer.isASCIIDigit(b) || b == 0x5F
            #expect(Analyzer.isASCIIWordByte(b) == expected, "byte \(value)")
        }
    }
}
