import ConcordAnalysis

/// Anything that turns text into analyzer tokens. Queries, snippets and the in-memory index use it so
/// that the same analysis applies everywhere; `Analyzer` conforms. Tokens must come in text order with
/// non-decreasing positions and scalar offsets `[start, end)` into the given text.
public protocol TextTokenizing {
    func tokens(_ text: String) -> [Token]
    /// The same tokens without stemming (for prefixes); defaults to `tokens(_:)`.
    func unstemmedTokens(_ text: String) -> [Token]
    /// The tokens' positions and offsets, terms left out (empty) when that is cheaper; defaults to `tokens(_:)`.
    func wordSpans(_ text: String) -> [Token]
    /// The first `limit` of `wordSpans(text)` (all when there are fewer), sparing the rest of the text
    /// when that is cheaper; defaults to a prefix of `wordSpans(_:)`.
    func wordSpans(_ text: String, limit: Int) -> [Token]
    /// The offsets of `wordSpans(text, limit: limit)`, nil when those are not numbered 0, 1, 2, … in
    /// order; defaults to taking them from `wordSpans(_:limit:)`.
    func wordBounds(_ text: String, limit: Int) -> [WordBounds]?
    /// `wordSpans(text).count`; defaults to counting them.
    func wordCount(_ text: String) -> Int
    /// A word, and its offset in UTF-8 bytes, from which `wordSpans` may segment the rest of `text` as a
    /// text of its own and find the same words (numbered from it): a word starting more than `margin`
    /// scalars before word `word` does. Nil when there is none worth it or it cannot be told cheaply;
    /// defaults to nil.
    func resumePoint(_ text: String, before word: Int, margin: Int) -> (word: Int, offset: Int)?
    /// `resumePoint(text, before: word, margin: margin)`, setting `wordsIfFewer` to the number of words
    /// of `text` when the scan behind it finds that there are `word` or fewer; defaults to leaving it nil.
    func resumePoint(_ text: String, before word: Int, margin: Int, wordsIfFewer: inout Int?) -> (word: Int, offset: Int)?
}

extension TextTokenizing {
    public func unstemmedTokens(_ text: String) -> [Token] { tokens(text) }
    public func wordSpans(_ text: String) -> [Token] { tokens(text) }
    public func wordSpans(_ text: String, limit: Int) -> [Token] { Array(wordSpans(text).prefix(max(0, limit))) }
    public func wordCount(_ text: String) -> Int { wordSpans(text).count }
    public func wordBounds(_ text: String, limit: Int) -> [WordBounds]? {
        let spans = wordSpans(text, limit: limit)
        for (index, span) in spans.enumerated() where span.position != index { return nil }
        return spans.map(WordBounds.init)
    }
    public func resumePoint(_ text: String, before word: Int, margin: Int) -> (word: Int, offset: Int)? { nil }
    public func resumePoint(_ text: String, before word: Int, margin: Int, wordsIfFewer: inout Int?) -> (word: Int, offset: Int)? {
        resumePoint(text, before: word, margin: margin)
    }
}

extension Analyzer: TextTokenizing {}
