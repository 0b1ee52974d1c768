import Testing
@_spi(Testing) @testable import ConcordAnalysis
import ConcordTestSupport

/// The ASCII fast path must produce exactly the tokens of the ICU path.
@Suite struct FastPathEquivalenceTests {

    static let alphabet: [Character] = Array("aZx09._'_:,;-@#/\\ \t\n\r\"()!?+=&%$*<>[]{}|~`^") + ["\u{0B}", "\u{0C}", "\u{01}"]

    func compare(_ text: String, _ fast: Analyzer, _ icu: Analyzer) -> Bool {
        fast.tokens(text) == icu.tokens(text)
    }

    @Test func randomASCIIStrings() throws {
        let fast = try Analyzer(configuration: .standard())
        let icu = try Analyzer(configuration: .standard())
        icu.forcesICUPath = true
        for seed in UInt64(1)...3000 {
            var generator = SeededGenerator(seed: seed)
            let length = Int.random(in: 1...40, using: &generator)
            let text = String((0..<length).map { _ in Self.alphabet.randomElement(using: &generator) ?? " " })
            let fastTokens = fast.tokens(text), icuTokens = icu.tokens(text)
            #expect(fastTokens == icuTokens, "seed \(seed): \(text.debugDescription)")
            if fastTokens != icuTokens { break }
        }
    }

    @Test func randomMixedStringsSplitIntoRuns() throws {
        // Non-ASCII pieces force run switching; each run must still agree with a whole-ICU pass.
        let pieces = ["café", "naïve", "Ё", "中文", "ไทย", "😀", "\u{301}", "\u{200B}", "²", "’", "ﬁ", "U.S.", "1,000", "don't",
                      "a_b", "@x", " ", "  ", "\n", "-", ".", "x", "42"]
        let fast = try Analyzer(configuration: .standard())
        let icu = try Analyzer(configuration: .standard())
        icu.forcesICUPath = true
        for seed in UInt64(1)...1000 {
            var generator = SeededGenerator(seed: seed &* 7919)
            let text = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                pieces.randomElement(using: &generator) ?? ""
            }.joined()
            let fastTokens = fast.tokens(text), icuTokens = icu.tokens(text)
            #expect(fastTokens == icuTokens, "seed \(seed): \(text.debugDescription)")
            if fastTokens != icuTokens { break }
        }
    }

    @Test func realLookingText() throws {
        let fast = try Analyzer(configuration: .standard())
        let icu = try Analyzer(configuration: .standard())
        icu.forcesICUPath = true
        let text = """
        The U.S. delegation's proposal (see p. 38) was rejected on 12 March 1950; the vote was 1,000-2,500.
        Contact the maintainers at team@lists.example.org or visit https://example.org/docs/index.html?q=a_b.
        Version 2.4.1_rc3 fixes CVE-2021-3156 and the "sudoedit -s" issue; it's O'Brien's fix, e.g. for i386/amd64.
        Ph.D. students: read chapter 3.2.1, sections a.1 and b.2 -- then 10:30am; C++ and C# aren't covered.
        """
        #expect(fast.tokens(text) == icu.tokens(text))
        #expect(!fast.tokens(text).isEmpty)
    }

    @Test func asciiRuleDetailsMatchICU() throws {
        let breaker = try ICUWordBreaker()
        // The documented fast-path facts, checked against ICU itself.
        func segments(_ s: String) -> [String] {
            let units = Array(s.utf16)
            var start = 0
            return breaker.segments(of: units).map { segment in
                defer { start = segment.end }
                return String(decoding: units[start..<segment.end], as: UTF16.self)
            }
        }
        #expect(segments("a:b") == ["a", ":", "b"])
        #expect(segments("1,000.5") == ["1,000.5"])
        #expect(segments("U.S.") == ["U.S", "."])
        #expect(segments("x@y.org") == ["x@y.org"])
    }
}
