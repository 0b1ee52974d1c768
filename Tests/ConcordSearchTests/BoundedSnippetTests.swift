import ConcordAnalysis
import Testing
@testable import ConcordSearch

/// Snippets stay small whatever the summary (issue 6, defect 8: a 200 MB summary made a 209 MB snippet).
@Suite struct BoundedSnippetTests {
    let analyzer: Analyzer
    init() throws { analyzer = try Analyzer() }

    func snippet(_ summary: String, _ query: String) -> Snippet {
        SnippetBuilder(tokenizer: analyzer).snippet(storedFields: ["summary": summary],
                                                    query: Query(parsing: query, tokenizer: analyzer))
    }

    @Test func aHugeSummaryGivesABoundedSnippet() {
        let words = ["harbour", "lamp", "mole", "shed", "oil", "spring", "store", "plan"]
        let summary = (0..<400_000).map { words[$0 % words.count] }.joined(separator: " ") + " lighthouse"
        let early = snippet(summary, "shed")
        #expect(early.text.unicodeScalars.count <= SnippetBuilder<Analyzer>.maxSnippetScalars + 2)
        #expect(!early.highlights.isEmpty)
        #expect(early.text.hasSuffix("…"))
        // A match beyond what is analyzed is not looked for; the snippet is still bounded.
        let late = snippet(summary, "lighthouse")
        #expect(late.text.unicodeScalars.count <= SnippetBuilder<Analyzer>.maxSnippetScalars + 2)
    }

    /// Found by the archive acceptance run: a word only at 70–180 KB into a long body (meeting minutes)
    /// matched, but the snippet fell back to the summary with nothing highlighted.
    @Test func aMatchDeepInALongTextIsShownHighlighted() throws {
        let filler = (0..<30_000).map { ["ledger", "quay", "rope", "tide"][$0 % 4] }.joined(separator: " ")
        let text = filler + " the lighthouse keeper wrote " + filler
        #expect(text.utf8.count > 2 * SnippetBuilder<Analyzer>.maxAnalyzedBytes)
        let result = SnippetBuilder(tokenizer: analyzer).snippet(text: text, query: Query(parsing: "lighthouse", tokenizer: analyzer))
        #expect(result.matchedTerms == ["lighthous"])
        let highlight = try #require(result.highlights.first)
        let scalars = Array(result.text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[highlight])) == "lighthouse")
        #expect(result.text.hasPrefix("…") && result.text.hasSuffix("…"))
        #expect(result.text.unicodeScalars.count <= SnippetBuilder<Analyzer>.maxSnippetScalars + 2)
    }

    @Test func aMatchBeyondTheScannedBytesIsNotLookedFor() {
        let filler = (0..<250_000).map { ["ledger", "quay", "rope", "tide"][$0 % 4] }.joined(separator: " ")
        #expect(filler.utf8.count > SnippetBuilder<Analyzer>.maxScannedBytes)
        let result = SnippetBuilder(tokenizer: analyzer).snippet(text: filler + " lighthouse", query: Query(parsing: "lighthouse", tokenizer: analyzer))
        #expect(result.highlights.isEmpty && result.text.hasPrefix("ledger") && result.text.hasSuffix("…"))
    }

    @Test func aGiantWordIsCutNotShownWhole() {
        let giant = String(repeating: "q", count: 200_000)
        for summary in [giant, "harbour \(giant) lamp", (0..<50).map { "w\($0)" }.joined(separator: " ") + " " + giant] {
            let result = snippet(summary, "harbour")
            #expect(result.text.unicodeScalars.count <= SnippetBuilder<Analyzer>.maxSnippetScalars + 2)
            #expect(result.text.hasSuffix("…"), "\(result.text.prefix(40))")
        }
        // Long words on both sides of the best window: the cuts stay near it.
        let long = String(repeating: "q", count: 5_000)    // dropped as a term; within what is analyzed
        let around = long + " " + (0..<60).map { "w\($0)" }.joined(separator: " ") + " harbour " + long
        let result = snippet(around, "harbour")
        #expect(result.text.unicodeScalars.count <= SnippetBuilder<Analyzer>.maxSnippetScalars + 2)
        #expect(result.text.hasPrefix("…") && result.text.contains("harbour"))
    }
}
