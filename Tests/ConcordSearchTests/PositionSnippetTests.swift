import ConcordAnalysis
import Testing
@testable import ConcordSearch

/// A snippet whose matches come from term positions (as the index gives them) equals the snippet of
/// re-analyzing the text, on random texts (short and long, with stop words, repeated words, stemmed
/// variants and non-ASCII words) and random queries (terms, phrases, exclusions).
@Test(arguments: [UInt64(1), 2, 3, 4, 5])
func positionSnippetsEqualReanalyzedSnippets(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let analyzer = try Analyzer()
    let builder = SnippetBuilder(tokenizer: analyzer)
    let words = ["river", "rivers", "stone", "the", "of", "bend", "bending", "Łódź", "café", "run", "running",
                 "a", "U.S.", "node.js", "1,000", "mill", "valley", "ﬁne", "中华", "quiet"]
    var compared = 0, matched = 0
    // Every text's lists in one buffer, as a search keeps its hits' (see `TermPositions`).
    var buffer: [Int32] = [-5], bounds: [Int] = [0, 1]
    for _ in 0..<300 {
        let count = rng.int(0...90)
        let text = (0..<count).map { _ in rng.pick(words) }.joined(separator: rng.chance(0.2) ? "  \n" : " ")
        var queryWords: [String] = []
        for _ in 0..<rng.int(1...3) {
            let word = rng.pick(words)
            switch rng.int(0...3) {
            case 0: queryWords.append("\"\(word) \(rng.pick(words))\"")
            case 1: queryWords.append("-\(word)")
            default: queryWords.append(word)
            }
        }
        let query = Query(parsing: queryWords.joined(separator: " "), tokenizer: analyzer)
        var positions: [String: [Int32]] = [:]
        let scored = Set(query.clauses.filter(\.isScored).flatMap(\.terms))
        for token in analyzer.tokens(text) where scored.contains(token.term) {
            positions[token.term, default: []].append(Int32(token.position))
        }
        let expected = builder.snippet(text: text, query: query)
        let actual = builder.snippet(text: text, query: query, positions: positions)
        #expect(actual == expected, "seed \(seed) text “\(text)” query \(queryWords)")
        // Given the word count (as the index's field length), segmented only as far as needed: the same.
        let counted = builder.snippet(text: text, query: query, positions: positions, wordCount: analyzer.tokens(text).count)
        #expect(counted == expected, "seed \(seed) text “\(text)” query \(queryWords) (word count)")
        // The same lists kept back to back with earlier texts' (the query's terms in clause order, each once).
        var terms: [String] = []
        for clause in query.clauses where clause.isScored {
            for term in clause.terms where !terms.contains(term) { terms.append(term) }
        }
        let first = bounds.count
        bounds.append(buffer.count)
        for term in terms {
            buffer.append(contentsOf: positions[term] ?? [])
            bounds.append(buffer.count)
        }
        let shared = TermPositions(terms: terms, buffer: buffer, bounds: bounds, first: positions.isEmpty && rng.chance(0.5) ? -1 : first)
        #expect(shared.dictionary == positions)
        for wordCount in [analyzer.tokens(text).count, nil] {
            let fromShared = builder.snippet(text: text, query: query, termPositions: shared, wordCount: wordCount)
            #expect(fromShared == expected, "seed \(seed) text “\(text)” query \(queryWords) (shared buffer, \(String(describing: wordCount)))")
        }
        compared += 1
        if !expected.matchedTerms.isEmpty { matched += 1 }
    }
    #expect(matched > 50 && matched < compared, "seed \(seed): \(matched) of \(compared) snippets matched")
}

/// Positions that cannot be the text's (past its last word) fall back to re-analyzing it.
@Test func positionsOutsideTheTextFallBackToAnalysis() throws {
    let analyzer = try Analyzer()
    let builder = SnippetBuilder(tokenizer: analyzer)
    let query = Query(parsing: "river", tokenizer: analyzer)
    let text = "the river bends"
    let snippet = builder.snippet(text: text, query: query, positions: ["river": [7]])
    #expect(snippet == builder.snippet(text: text, query: query))
    #expect(snippet.highlights == [4..<9])
}

/// How a snippet builder used its tokenizer.
private final class TokenizerUse {
    var tokens = 0
    var spans = 0
    /// Words segmented by `wordSpans(_:limit:)`.
    var limitedWords = 0
    /// Calls of `wordCount(_:)`.
    var wordCounts = 0
    /// Resume scans that found fewer words than asked for (the whole text counted).
    var shortResumeScans = 0
}

private struct CountingTokenizer: TextTokenizing {
    let analyzer: Analyzer
    let use: TokenizerUse
    func tokens(_ text: String) -> [Token] {
        use.tokens += 1
        return analyzer.tokens(text)
    }
    func wordSpans(_ text: String) -> [Token] {
        use.spans += 1
        return analyzer.wordSpans(text)
    }
    func wordCount(_ text: String) -> Int {
        use.wordCounts += 1
        return analyzer.wordCount(text)
    }
    func resumePoint(_ text: String, before word: Int, margin: Int) -> (word: Int, offset: Int)? {
        analyzer.resumePoint(text, before: word, margin: margin)
    }
    func resumePoint(_ text: String, before word: Int, margin: Int, wordsIfFewer: inout Int?) -> (word: Int, offset: Int)? {
        let point = analyzer.resumePoint(text, before: word, margin: margin, wordsIfFewer: &wordsIfFewer)
        if wordsIfFewer != nil { use.shortResumeScans += 1 }
        return point
    }
    func wordSpans(_ text: String, limit: Int) -> [Token] {
        use.spans += 1
        let spans = analyzer.wordSpans(text, limit: limit)
        use.limitedWords += spans.count
        return spans
    }
}

/// With the word count, a long text is segmented only up to its snippet's window (here near the start),
/// and the snippet is the one re-analysis gives; a word count the text cannot have falls back.
@Test func wordCountSparesSegmentingPastTheWindow() throws {
    let analyzer = try Analyzer()
    let use = TokenizerUse()
    let builder = SnippetBuilder(tokenizer: CountingTokenizer(analyzer: analyzer, use: use))
    let query = Query(parsing: "river", tokenizer: analyzer)
    let text = "quiet river-bend mill " + Array(repeating: "valley stone meadow", count: 200).joined(separator: " ")
    let words = analyzer.tokens(text).count
    let positions: [String: [Int32]] = ["river": [1]]
    let snippet = builder.snippet(text: text, query: query, positions: positions, wordCount: words)
    #expect(snippet == builder.snippet(text: text, query: query))
    #expect(use.limitedWords > 0 && use.limitedWords < words / 4, "\(use.limitedWords) of \(words) words segmented")
    // A word count and a position past the text's words (positions that are not this text's): the
    // limited segmentation comes up short, the whole text is segmented, the positions do not fit, and
    // the text is re-analyzed.
    use.spans = 0
    use.tokens = 0
    let wrong = builder.snippet(text: text, query: query, positions: ["river": [Int32(words + 10)]], wordCount: words + 500)
    #expect(use.spans == 2 && use.tokens == 1)
    #expect(wrong == builder.snippet(text: text, query: query))
}

/// With positions that fit the text, no word is resolved to a term: the text is only cut into words.
@Test func positionSnippetsResolveNoTerms() throws {
    let analyzer = try Analyzer()
    let use = TokenizerUse()
    let builder = SnippetBuilder(tokenizer: CountingTokenizer(analyzer: analyzer, use: use))
    let query = Query(parsing: "bending \"river runs\"", tokenizer: analyzer)
    let text = (0..<80).map { $0 % 9 == 0 ? "the river runs and bends" : "quiet valley" }.joined(separator: " ")
    var positions: [String: [Int32]] = [:]
    for token in analyzer.tokens(text) where ["bend", "river", "run"].contains(token.term) {
        positions[token.term, default: []].append(Int32(token.position))
    }
    let snippet = builder.snippet(text: text, query: query, positions: positions)
    #expect(use.tokens == 0 && use.spans == 1)
    #expect(snippet == builder.snippet(text: text, query: query))
    #expect(!snippet.highlights.isEmpty && snippet.text.hasSuffix("…"))
}

/// Texts longer than one slice: the snippet from positions comes from the same slice as re-analysis
/// finds (often a later one, where the only matches are) and equals it, resolving no word to a term.
@Test(arguments: [UInt64(11), 12, 13])
func longTextPositionSnippetsEqualReanalyzedSnippets(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let analyzer = try Analyzer()
    let use = TokenizerUse()
    let builder = SnippetBuilder(tokenizer: CountingTokenizer(analyzer: analyzer, use: use))
    let filler = ["meadow", "the", "of", "stone", "quiet", "café", "U.S.", "1,000", "mill", "中华", "valley"]
    let rare = ["river", "rivers", "bend", "bending", "run"]
    var laterSlices = 0, firstSlices = 0
    for _ in 0..<12 {
        let wordCount = rng.int(12_000...30_000)
        // Rare words mostly far in: past the first slice (64 KiB is about 9,000 of these words).
        let rareFrom = rng.chance(0.5) ? rng.int(min(10_000, wordCount)...wordCount) : rng.int(0...5_000)
        var words: [String] = []
        words.reserveCapacity(wordCount)
        for i in 0..<wordCount {
            words.append(i >= rareFrom && rng.chance(0.01) ? rng.pick(rare) : rng.pick(filler))
        }
        let text = words.joined(separator: rng.chance(0.3) ? " \n" : " ")
        let queryText = rng.chance(0.5) ? "\(rng.pick(rare)) \(rng.pick(rare))" : "\"\(rng.pick(rare)) \(rng.pick(filler))\" meadowlark"
        let query = Query(parsing: queryText, tokenizer: analyzer)
        let scored = Set(query.clauses.filter(\.isScored).flatMap(\.terms))
        var positions: [String: [Int32]] = [:]
        let allTokens = analyzer.tokens(text)
        for token in allTokens where scored.contains(token.term) {
            positions[token.term, default: []].append(Int32(token.position))
        }
        use.tokens = 0
        let actual = builder.snippet(text: text, query: query, positions: positions)
        // With the word count, the best window of the whole text is tried in the first slice first.
        use.wordCounts = 0
        use.shortResumeScans = 0
        let counted = builder.snippet(text: text, query: query, positions: positions, wordCount: allTokens.count)
        if !counted.matchedTerms.isEmpty {
            if use.wordCounts == 0 && use.shortResumeScans == 0 { firstSlices += 1 } else { laterSlices += 1 }
        }
        // A best window past the first slice: that slice is counted once, on the way (then not again).
        #expect(use.shortResumeScans <= 1, "seed \(seed): \(use.shortResumeScans) resume scans ran past a slice's end")
        #expect(use.tokens == 0, "seed \(seed): a long text's words were resolved to terms")
        let expected = builder.snippet(text: text, query: query)
        #expect(actual == expected, "seed \(seed) query \(queryText)")
        #expect(counted == expected, "seed \(seed) query \(queryText) (word count)")
    }
    #expect(laterSlices > 0, "seed \(seed): no snippet came from counting slices")
    #expect(firstSlices > 0, "seed \(seed): no snippet came from the best window in the first slice")
}

/// A long text whose first slice ends inside a run of non-whitespace falls back to re-analysis, with
/// the same snippet.
@Test func longTextCutInsideAWordFallsBackToAnalysis() throws {
    let analyzer = try Analyzer()
    let use = TokenizerUse()
    let builder = SnippetBuilder(tokenizer: CountingTokenizer(analyzer: analyzer, use: use))
    let text = String(repeating: "x", count: 70_000) + " river bends"
    let query = Query(parsing: "river", tokenizer: analyzer)
    let snippet = builder.snippet(text: text, query: query, positions: ["river": [1]])
    #expect(use.tokens > 0)
    #expect(snippet == builder.snippet(text: text, query: query))
}

/// Where the query's scored terms occur in `text` (term → positions, as the index keeps them), and its tokens.
private func indexedPositions(of text: String, query: Query, analyzer: Analyzer) -> ([String: [Int32]], [Token]) {
    let scored = Set(query.clauses.filter(\.isScored).flatMap(\.terms))
    var positions: [String: [Int32]] = [:]
    let tokens = analyzer.tokens(text)
    for token in tokens where scored.contains(token.term) {
        positions[token.term, default: []].append(Int32(token.position))
    }
    return (positions, tokens)
}

/// A tokenizer that answers `resumePoint` as the analyzer does and counts the answers.
private struct ResumingTokenizer: TextTokenizing {
    let analyzer: Analyzer
    let use: TokenizerUse
    func tokens(_ text: String) -> [Token] { analyzer.tokens(text) }
    func wordSpans(_ text: String) -> [Token] { analyzer.wordSpans(text) }
    func wordCount(_ text: String) -> Int { analyzer.wordCount(text) }
    func wordSpans(_ text: String, limit: Int) -> [Token] {
        let spans = analyzer.wordSpans(text, limit: limit)
        use.limitedWords += spans.count
        return spans
    }
    func resumePoint(_ text: String, before word: Int, margin: Int) -> (word: Int, offset: Int)? {
        let point = analyzer.resumePoint(text, before: word, margin: margin)
        if point != nil { use.spans += 1 }
        return point
    }
}

/// Long ASCII texts (one slice and several) whose best window lies deep inside: the snippet is cut from
/// the text segmented from a word shortly before the window, and equals re-analysis's.
@Test(arguments: [UInt64(21), 22, 23])
func deepWindowSnippetsFromAResumePointEqualReanalyzedSnippets(seed: UInt64) throws {
    let filler = ["meadow", "the", "of", "stone", "quiet", "U.S.", "1,000", "mill", "valley", "node.js", "it's",
                  "a_b", "x@y", "--", String(repeating: "w", count: 70)]
    let rare = ["river", "rivers", "bend", "bending", "run"]
    try expectDeepWindowSnippetsFromResumePoints(seed: seed, filler: filler, rare: rare, longTexts: 9_000...14_000,
                                                 shortTexts: 300...6_000) { rng, _ in rng.pick(filler) }
}

/// The same deep windows in texts with non-ASCII words here and there (segmented by ICU, counted run
/// by run up to the resume point): the same snippets as re-analyzing the text, and resume points are
/// taken.
@Test(arguments: [UInt64(24), 25, 26])
func deepWindowSnippetsInMixedTextsFromAResumePointEqualReanalyzedSnippets(seed: UInt64) throws {
    let filler = ["meadow", "the", "of", "stone", "quiet", "U.S.", "1,000", "mill", "valley", "node.js", "it's",
                  "a_b", "x@y", "--", "café", "Łódź", "中华", "naïve", "ﬁne", "(été)", "x\u{301}y", "—", "—dash"]
    let rare = ["river", "rivers", "bend", "bending", "run", "rivière"]
    try expectDeepWindowSnippetsFromResumePoints(seed: seed, filler: filler, rare: rare, longTexts: 5_000...9_000,
                                                 shortTexts: 300...4_000, foreignShares: [0.01, 0.1, 0.5]) { rng, foreign in
        var word = rng.pick(filler)
        while !rng.chance(foreign) && word.unicodeScalars.contains(where: { $0.value >= 0x80 }) { word = rng.pick(filler) }
        return word
    }
}

/// Forty random texts of `filler` words (`pickFiller` chooses each, given the round's share of foreign
/// words, one of `foreignShares` when any), with `rare` words sprinkled only past the first third so the
/// best window lies deep: the resuming snippet equals re-analysis's for each, and more than ten are cut
/// from a resume point.
private func expectDeepWindowSnippetsFromResumePoints(
    seed: UInt64, filler: [String], rare: [String], longTexts: ClosedRange<Int>, shortTexts: ClosedRange<Int>,
    foreignShares: [Double] = [], pickFiller: (inout SeededGenerator, Double) -> String
) throws {
    var rng = SeededGenerator(seed: seed)
    let analyzer = try Analyzer()
    let use = TokenizerUse()
    let builder = SnippetBuilder(tokenizer: ResumingTokenizer(analyzer: analyzer, use: use))
    let plain = SnippetBuilder(tokenizer: analyzer)
    var resumed = 0
    for round in 0..<40 {
        let wordCount = round % 4 == 0 ? rng.int(longTexts) : rng.int(shortTexts)
        let rareFrom = rng.int((wordCount / 3)...(wordCount - 1))
        let foreign = foreignShares.isEmpty ? 0 : rng.pick(foreignShares)
        var words: [String] = []
        for i in 0..<wordCount {
            words.append(i >= rareFrom && rng.chance(0.02) ? rng.pick(rare) : pickFiller(&rng, foreign))
        }
        let text = words.joined(separator: rng.chance(0.3) ? " \n" : " ")
        let queryText = rng.chance(0.6) ? "\(rng.pick(rare)) \(rng.pick(rare))" : "\"\(rng.pick(rare)) \(rng.pick(filler))\""
        let query = Query(parsing: queryText, tokenizer: analyzer)
        let (positions, allTokens) = indexedPositions(of: text, query: query, analyzer: analyzer)
        use.spans = 0
        let counted = builder.snippet(text: text, query: query, positions: positions, wordCount: allTokens.count)
        resumed += use.spans
        #expect(counted == plain.snippet(text: text, query: query), "seed \(seed) round \(round) query \(queryText)")
    }
    #expect(resumed > 10, "seed \(seed): only \(resumed) snippets were cut from a resume point")
}

/// Whole ASCII texts with nothing to collapse are shown as they are, highlights where the words stand:
/// the same snippets as cutting them (random texts, some with runs of whitespace, tabs, line breaks or
/// edge spaces, which must still be collapsed and trimmed).
@Test(arguments: [UInt64(31), 32, 33])
func wholeTextsShownAsIsEqualReanalyzedSnippets(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let analyzer = try Analyzer()
    let builder = SnippetBuilder(tokenizer: analyzer)
    let words = ["river", "rivers", "stone", "the", "of", "bend", "bending", "run", "U.S.", "node.js", "1,000", "it's",
                 "(mill)", "valley-side", "a_b", "--", "x@y.org", "quiet."]
    var asIs = 0, collapsed = 0
    for _ in 0..<300 {
        let count = rng.int(1...45)
        var text = rng.chance(0.1) ? " " : ""
        for i in 0..<count {
            if i > 0 { text += rng.chance(0.96) ? " " : rng.pick(["  ", "\n", "\t", " \n "]) }
            text += rng.pick(words)
        }
        if rng.chance(0.1) { text += rng.pick([" ", "\n"]) }
        let query = Query(parsing: "\(rng.pick(words)) \(rng.chance(0.3) ? "\"\(rng.pick(words)) \(rng.pick(words))\"" : rng.pick(words))",
                          tokenizer: analyzer)
        let (positions, tokens) = indexedPositions(of: text, query: query, analyzer: analyzer)
        let expected = builder.snippet(text: text, query: query)
        let actual = builder.snippet(text: text, query: query, positions: positions, wordCount: tokens.count)
        #expect(actual == expected, "seed \(seed) text “\(text)”")
        if SnippetBuilder<Analyzer>.isShownAsIs(text) {
            asIs += 1
            #expect(tokens.count > builder.wholeTextWordLimit || expected.text == text)
        } else {
            collapsed += 1
        }
    }
    #expect(asIs > 50 && collapsed > 50, "seed \(seed): \(asIs) texts shown as is, \(collapsed) cut")
}

/// A window whose last word runs on into text without spaces (a URL, a path) is widened to the next
/// space over the words inside it: the snippet from positions is built from the words up to that point
/// only — the prefix path answers (it used to give up, as its words ran past the scalars it had read,
/// and the whole text was segmented again) — and equals the snippet of re-analyzing the text.
@Test func aWindowWidenedOverAURLIsCutFromTheWordsBeforeIt() throws {
    let analyzer = try Analyzer()
    let builder = SnippetBuilder(tokenizer: analyzer)
    let after = (0..<60).map { "after\($0)" }.joined(separator: " ")
    let query = Query(parsing: "downloading", tokenizer: analyzer)
    var checked = 0
    for run in ["x/y/z/w/v/u/t/s/r/q/p/o/n/m", "http://example.org/a/b/c/d/e/f/g/h/i/j/k.", "a-b-c-d-e-f-g-h-i-j-k-l-m-n"] {
        // The match opens the text, so the window is its first 35 words; `lead` words later the run of
        // short words starts, and the window's last word (number 34) lies inside it.
        for lead in [22, 27, 31] {
            let fill = (0..<lead).map { "fill\($0)" }.joined(separator: " ")
            let text = ["downloaded", fill, run, after].joined(separator: " ")
            var positions: [String: [Int32]] = [:]
            for token in analyzer.tokens(text) where token.term == "download" { positions[token.term, default: []].append(Int32(token.position)) }
            let wordCount = analyzer.tokens(text).count
            let expected = builder.snippet(text: text, query: query)
            #expect(!expected.highlights.isEmpty)
            let prefix = try #require(builder.prefixSnippet(text: text, query: query, positions: positions, wordCount: wordCount),
                                      "the prefix path answers for “\(run)” after \(lead) words")
            #expect(prefix == expected, "“\(run)” after \(lead) words")
            #expect(builder.snippet(text: text, query: query, positions: positions, wordCount: wordCount) == expected)
            checked += 1
        }
    }
    #expect(checked == 9)
}

/// A part of a text between scalar boundaries that are not character boundaries (a combining mark, a
/// flag's second half, a CRLF's LF) keeps exactly the scalars between them.
@Test func aTextPartKeepsItsScalarsAtAnyScalarBoundary() throws {
    let text = "ae\u{301}b 🇫🇷x\r\nz中"
    let scalars = Array(text.unicodeScalars)
    let view = text.unicodeScalars
    for lower in 0...scalars.count {
        for upper in lower...scalars.count {
            let part = SnippetBuilder<Analyzer>.text(text, from: view.index(view.startIndex, offsetBy: lower),
                                                     to: view.index(view.startIndex, offsetBy: upper))
            #expect(Array(part.unicodeScalars) == Array(scalars[lower..<upper]), "\(lower)..<\(upper)")
        }
    }
}
