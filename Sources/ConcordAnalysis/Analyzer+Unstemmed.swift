extension Analyzer {
    /// Tokens of `text` folded exactly as `tokens(_:)` folds them but not stemmed. Query prefixes
    /// (`Khrush*`) use it: a stemmer would cut a word fragment as if it were a whole word.
    public func unstemmedTokens(_ text: String) -> [Token] {
        analyze(text, stemming: false)
    }
}
