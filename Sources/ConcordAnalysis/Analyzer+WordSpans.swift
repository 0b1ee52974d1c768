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
}
