@_spi(Testing) import ConcordAnalysis

/// Terms produced by a fresh analyzer for `language` with its default stop list.
func terms(_ text: String, language: String = "english") throws -> [String] {
    try Analyzer(configuration: .standard(language: language)).tokens(text).map(\.term)
}

/// Terms without stemming, to check folding on its own.
func foldedTerms(_ text: String) throws -> [String] {
    try terms(text, language: "none")
}

/// The slice of `text` that a token's scalar offsets point at.
func slice(_ text: String, _ token: Token) -> String {
    let scalars = Array(text.unicodeScalars)
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars[token.start..<token.end])
    return String(view)
}
