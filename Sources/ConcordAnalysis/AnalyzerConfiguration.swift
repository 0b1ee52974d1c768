import CStemmer

/// The settings an index is created with; stored with the index so queries are analyzed the same way.
///
/// `language` names a Snowball stemmer (see `supportedLanguages`) or is `"none"`; `Analyzer.init`
/// rejects any other value with `AnalyzerError.unsupportedLanguage`. Stop words may be written in any
/// case and with diacritics: the analyzer folds them exactly like document terms.
public struct AnalyzerConfiguration: Equatable, Codable, Sendable {
    /// Snowball stemmer language name ("english", "russian", …), or "none" to disable stemming.
    public var language: String
    /// Stop words. Tokens whose folded, unstemmed form is one of these are kept but flagged.
    public var stopWords: [String]

    public init(language: String = "english", stopWords: [String]? = nil) {
        self.language = language
        self.stopWords = stopWords ?? []
    }

    /// The language value that disables stemming.
    public static let noStemming = "none"

    /// Every accepted `language` value: the libstemmer algorithms, sorted, plus `"none"`.
    public static let supportedLanguages: [String] = {
        var names: [String] = []
        if var cursor = sb_stemmer_list() {
            while let name = cursor.pointee {
                names.append(String(cString: name))
                cursor += 1
            }
        }
        return names.sorted() + [noStemming]
    }()

    /// The configuration for `language` with its default stop list (empty for languages without one).
    /// `language` is matched case-insensitively; throws `AnalyzerError.unsupportedLanguage` otherwise.
    public static func standard(language: String = "english") throws -> AnalyzerConfiguration {
        let name = language.lowercased()
        let configuration = AnalyzerConfiguration(language: name, stopWords: defaultStopWords(for: name))
        try configuration.validate()
        return configuration
    }

    /// Throws `AnalyzerError.unsupportedLanguage` unless `language` is one of `supportedLanguages`.
    public func validate() throws {
        guard Self.supportedLanguages.contains(language) else {
            throw AnalyzerError.unsupportedLanguage(language, supported: Self.supportedLanguages)
        }
    }
}
