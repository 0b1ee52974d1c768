/// The settings an index is created with; stored with the index so queries are analyzed the same way.
public struct AnalyzerConfiguration: Equatable, Codable, Sendable {
    /// Snowball stemmer language name ("english", "russian", …), or "none" to disable stemming.
    public var language: String
    /// Stop words, already normalized (folded) the way the analyzer folds terms.
    public var stopWords: [String]

    public init(language: String = "english", stopWords: [String]? = nil) {
        self.language = language
        self.stopWords = stopWords ?? []
    }
}
