import ConcordAnalysis
import Testing
@testable import ConcordSearch

// MARK: - Snippets and highlights

private func fillerWords(_ count: Int, from offset: Int = 0) -> [String] {
    let filler = ["alpha", "bravo", "delta", "echo", "hotel", "india", "kilo", "lima", "oscar", "papa"]
    return (0..<count).map { filler[($0 + offset) % filler.count] }
}

/// Every highlight, sliced out of the snippet text, analyzes to exactly one scored query term.
private func expectHighlightsMatch(_ snippet: Snippet, _ query: Query, _ analyzer: Analyzer) {
    let queryTerms = Set(query.clauses.filter(\.isScored).flatMap(\.terms))
    var previousEnd = 0
    for range in snippet.highlights {
        #expect(range.lowerBound >= previousEnd, "sorted, non-overlapping")
        previousEnd = range.upperBound
        let word = scalarSlice(snippet.text, range)
        let terms = analyzer.tokens(word).map(\.term)
        #expect(terms.count == 1 && queryTerms.contains(terms[0]), "highlight \(word.debugDescription)")
    }
}

@Test func shortSummaryIsReturnedWholeWithHighlights() throws {
    let analyzer = try Analyzer()
    let query = Query(parsing: "river -stone", tokenizer: analyzer)
    let summary = "A  river runs\npast the stone; the River bends."
    let snippet = SnippetBuilder(tokenizer: analyzer).snippet(storedFields: ["summary": summary], query: query)
    #expect(snippet.text == "A river runs past the stone; the River bends.")
    #expect(snippet.highlights.map { scalarSlice(snippet.text, $0) } == ["river", "River"])
    #expect(snippet.matchedTerms == query.clauses.filter(\.isScored).flatMap(\.terms))
    expectHighlightsMatch(snippet, query, analyzer)
}

@Test func longSummaryIsCutAroundTheMatchWithEllipses() throws {
    let analyzer = try Analyzer()
    let words = fillerWords(60) + ["quartz"] + fillerWords(60, from: 3)
    let query = Query(parsing: "quartz", tokenizer: analyzer)
    let snippet = SnippetBuilder(tokenizer: analyzer).snippet(text: words.joined(separator: " "), query: query)
    #expect(snippet.text.hasPrefix("\u{2026}") && snippet.text.hasSuffix("\u{2026}"))
    let inner = snippet.text.dropFirst().dropLast()
    let innerWords = inner.split(separator: " ").map(String.init)
    #expect(innerWords.count == 35)
    #expect(innerWords.contains("quartz"))
    // Whole words only: the window is a contiguous run of the original words.
    let joined = " " + words.joined(separator: " ") + " "
    #expect(joined.contains(" " + innerWords.joined(separator: " ") + " "))
    #expect(snippet.highlights.map { scalarSlice(snippet.text, $0) } == ["quartz"])
}

@Test func windowPrefersDistinctTermsThenMoreMatches() throws {
    let analyzer = try Analyzer()
    // Early: "tiger" many times. Late: "tiger" and "maple" together, fewer matches.
    let words = ["tiger", "tiger", "tiger", "tiger"] + fillerWords(50) + ["tiger", "maple"] + fillerWords(50, from: 1)
    let query = Query(parsing: "tiger maple", tokenizer: analyzer)
    let snippet = SnippetBuilder(tokenizer: analyzer).snippet(text: words.joined(separator: " "), query: query)
    let highlighted = snippet.highlights.map { scalarSlice(snippet.text, $0) }
    #expect(highlighted.contains("maple") && highlighted.contains("tiger"))
    #expect(snippet.text.hasPrefix("\u{2026}"))
    // Without a second term the window with the most matches (the start) wins, and nothing is cut there.
    let single = SnippetBuilder(tokenizer: analyzer).snippet(text: words.joined(separator: " "), query: Query(parsing: "tiger", tokenizer: analyzer))
    #expect(single.text.hasPrefix("tiger tiger tiger tiger"))
    #expect(single.text.hasSuffix("\u{2026}"))
}

@Test func noMatchGivesTheStartOfTheText() throws {
    let analyzer = try Analyzer()
    let words = fillerWords(80)
    let snippet = SnippetBuilder(tokenizer: analyzer).snippet(text: words.joined(separator: " "), query: Query(parsing: "zebra", tokenizer: analyzer))
    #expect(snippet.text == words.prefix(35).joined(separator: " ") + "\u{2026}")
    #expect(snippet.highlights.isEmpty && snippet.matchedTerms.isEmpty)
}

@Test func emptySummaryFallsBackToBody() throws {
    let analyzer = try Analyzer()
    let query = Query(parsing: "cloud", tokenizer: analyzer)
    let fields = ["title": "cloud title", "summary": "  \n ", "body": "The cloud drifted."]
    let snippet = SnippetBuilder(tokenizer: analyzer).snippet(storedFields: fields, query: query)
    #expect(snippet.text == "The cloud drifted.")
    #expect(snippet.highlights.map { scalarSlice(snippet.text, $0) } == ["cloud"])
}

@Test func phrasePartsHighlightOnlyWherePhraseOccurs() throws {
    let analyzer = try Analyzer()
    let query = Query(parsing: "\"green river\"", tokenizer: analyzer)
    let text = "A green car, a river city, then the green river itself."
    let snippet = SnippetBuilder(tokenizer: analyzer).snippet(text: text, query: query)
    #expect(snippet.highlights.map { scalarSlice(snippet.text, $0) } == ["green", "river"])
    let firstHighlight = try #require(snippet.highlights.first)
    #expect(firstHighlight.lowerBound == Array(text.unicodeScalars).count - "green river itself.".unicodeScalars.count)
}

@Test func unicodeOffsetsAreScalarOffsetsIntoSnippetText() throws {
    let analyzer = try Analyzer()
    let query = Query(parsing: "река quartz", tokenizer: analyzer)
    let prefix = (0..<90).map { $0 % 3 == 0 ? "東京" : ($0 % 3 == 1 ? "🙂" : "слово") }.joined(separator: " ")
    let text = prefix + " Река quartz 👍🏽 café"
    let snippet = SnippetBuilder(tokenizer: analyzer).snippet(text: text, query: query)
    #expect(snippet.text.hasPrefix("\u{2026}"))
    let highlighted = snippet.highlights.map { scalarSlice(snippet.text, $0) }
    #expect(highlighted == ["Река", "quartz"])
    expectHighlightsMatch(snippet, query, analyzer)
    // The same holds for a short text returned whole.
    let short = SnippetBuilder(tokenizer: analyzer).snippet(text: "🙂 東京 Река!", query: query)
    #expect(short.highlights.map { scalarSlice(short.text, $0) } == ["Река"])
}

/// The snippet's whitespace test answers as Unicode's White_Space property for every scalar, including
/// the ranges it answers without looking the property up.
@Test func snippetWhitespaceIsUnicodeWhiteSpace() {
    var mismatches: [UInt32] = []
    for value in UInt32(0)...0x10FFFF {
        guard let scalar = Unicode.Scalar(value) else { continue }
        if isSnippetWhitespace(scalar) != scalar.properties.isWhitespace { mismatches.append(value) }
    }
    #expect(mismatches.isEmpty, "\(mismatches.prefix(10).map { String($0, radix: 16) })")
    #expect(isSnippetWhitespace("\u{3000}") && isSnippetWhitespace("\u{A0}") && !isSnippetWhitespace("語"))
}
