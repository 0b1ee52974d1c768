extension Analyzer {
    /// The tokens of `tokens(_:)` — the same words with the same positions and offsets — with an empty
    /// term and no stop flag: words are segmented and folded as there (a word that folds to nothing or
    /// to more than `maxTermBytes` is left out, so positions agree) but never resolved to a term (no
    /// stemming, no term cache). For callers that know which positions matter from elsewhere, such as
    /// snippets whose matches come from the index's positions.
    public func wordSpans(_ text: String) -> [Token] {
        emitsSpansOnly = true
        defer { emitsSpansOnly = false }
        return analyze(text, stemming: true)
    }

    /// The first `limit` tokens of `wordSpans(text)` (all of them when there are fewer), the rest of the
    /// text not segmented when it fits in one slice (`sliceBytes`); a longer text is segmented whole.
    public func wordSpans(_ text: String, limit: Int) -> [Token] {
        guard text.utf8.count <= Analyzer.sliceBytes else { return Array(wordSpans(text).prefix(max(0, limit))) }
        emitsSpansOnly = true
        spanLimit = max(0, limit)
        defer {
            emitsSpansOnly = false
            spanLimit = .max
        }
        return analyze(text, stemming: true)
    }

    /// `wordSpans(text).count`, without making the tokens.
    public func wordCount(_ text: String) -> Int {
        // A text of several slices may drop a word cut between them, which only the tokens show.
        guard text.utf8.count <= Analyzer.sliceBytes else { return wordSpans(text).count }
        emitsSpansOnly = true
        countsWordsOnly = true
        countedWords = 0
        defer {
            emitsSpansOnly = false
            countsWordsOnly = false
        }
        _ = analyze(text, stemming: true)
        return countedWords
    }
}
