import ConcordAnalysis
import Testing
@testable import ConcordSearch

/// How "did you mean" writes a replacement: the word at the term's first position in its first live
/// document (found from the postings, segmenting the field's words up to there) equals the first token
/// of the term met by analyzing that document's title, summary and body in turn — with stems shared by
/// several spellings, mixed case, punctuation, words in several fields, and deleted documents first.
@Test(arguments: [UInt64(41), 42, 43])
func surfaceFormsFromPositionsEqualATokenScan(seed: UInt64) throws {
    let analyzer = try Analyzer()
    var rng = SeededGenerator(seed: seed)
    let words = ["Running", "runs", "run", "RUNNER", "river", "Rivers", "stone", "Stones", "e.g.", "don't", "U.S.",
                 "café", "Café", "naïve", "1,000", "the", "a", "Harbor", "harbors", "quartz", "Quartz-based"]
    func text(_ length: Int) -> String {
        (0..<length).map { _ in rng.pick(words) + rng.pick([" ", " ", " ", ", ", ". ", " (", ") "]) }.joined()
    }
    let documents: [[String: String]] = (0..<300).map { i in
        ["id": "doc-\(i)", "title": text(rng.int(0...4)), "summary": text(rng.int(0...12)), "body": text(rng.int(0...60))]
    }
    let deleted = Set((0..<40).map { _ in rng.int(0...60) })
    let index = try OnDiskSearchTests.onDisk(documents, deleted: deleted, analyzer: analyzer)
    let suggester = SpellingSuggester(index: index, tokenizer: analyzer)
    var terms = Set<String>()
    for document in documents {
        for name in ["title", "summary", "body"] { for token in analyzer.tokens(document[name] ?? "") { terms.insert(token.term) } }
    }
    var compared = 0
    for term in terms.sorted() {
        // The first live document holding the term, its fields analyzed in turn.
        var want: String?
        search: for (i, document) in documents.enumerated() where !deleted.contains(i) {
            for name in ["title", "summary", "body"] {
                let text = document[name] ?? ""
                let scalars = Array(text.unicodeScalars)
                if let token = analyzer.tokens(text).first(where: { $0.term == term }) {
                    want = String(String.UnicodeScalarView(scalars[token.start..<token.end]))
                    break search
                }
            }
        }
        #expect(try suggester.surfaceForm(of: term) == want, "seed \(seed): \(term)")
        if want != nil { compared += 1 }
    }
    #expect(compared >= 12, "\(compared) terms compared")
}
