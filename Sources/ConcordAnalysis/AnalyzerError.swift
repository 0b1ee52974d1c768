/// Why an analyzer could not be created. Every case names what to change.
public enum AnalyzerError: Error, Equatable, CustomStringConvertible {
    /// The configured language has no Snowball stemmer; `supported` lists the accepted names.
    case unsupportedLanguage(String, supported: [String])
    /// ICU could not open a word break iterator or a normalizer (`code` is the ICU error code).
    /// This points at a broken ICU installation (missing data library).
    case icuUnavailable(operation: String, code: Int32)
    /// libstemmer could not create a stemmer for a language it lists (out of memory).
    case stemmerUnavailable(language: String)

    public var description: String {
        switch self {
        case let .unsupportedLanguage(name, supported):
            return "unsupported analyzer language '\(name)'; use one of: \(supported.joined(separator: ", "))"
        case let .icuUnavailable(operation, code):
            return "ICU failed to \(operation) (error \(code)); check that the ICU data library is installed"
        case let .stemmerUnavailable(language):
            return "libstemmer could not create a '\(language)' stemmer"
        }
    }
}
