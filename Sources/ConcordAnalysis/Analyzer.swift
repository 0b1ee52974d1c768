/// Turns text into tokens: ICU word segmentation, NFKC case folding, script-aware diacritic
/// folding, Snowball stemming. The same analyzer is applied to documents and to queries.
///
/// PLACEHOLDER: the real implementation replaces this body; the public API stays.
public final class Analyzer {
    public let configuration: AnalyzerConfiguration

    public init(configuration: AnalyzerConfiguration = AnalyzerConfiguration()) throws {
        self.configuration = configuration
    }

    /// Tokens of `text` in order, positions starting at 0.
    public func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        var current = ""
        var start = 0
        var index = 0
        func flush() {
            if !current.isEmpty {
                out.append(Token(term: current.lowercased(), position: out.count, start: start, end: index, isStopWord: false))
                current = ""
            }
        }
        for scalar in text.unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if current.isEmpty { start = index }
                current.unicodeScalars.append(scalar)
            } else {
                flush()
            }
            index += 1
        }
        flush()
        return out
    }
}
