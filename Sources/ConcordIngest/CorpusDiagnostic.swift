/// A problem found while reading a corpus file that did not stop the read: the file (or the rest of it) was still
/// read, and the diagnostic says what was skipped or repaired.
///
/// `description` is the compiler-style line `path:line: warning: message` (without `:line` when there is none),
/// always one line: control characters in the path or message are escaped (`two\nlines.jsonl`).
public struct CorpusDiagnostic: Equatable, Sendable, CustomStringConvertible {
    /// `warning`: something was repaired or guessed and the data kept; `error`: a record was dropped.
    public enum Severity: String, Equatable, Sendable {
        case warning, error
    }

    public var severity: Severity
    /// Path relative to the corpus root.
    public var file: String
    /// 1-based line, when the problem has one.
    public var line: Int?
    public var message: String

    public init(severity: Severity, file: String, line: Int? = nil, message: String) {
        self.severity = severity
        self.file = file
        self.line = line
        self.message = message
    }

    static func warning(_ file: String, line: Int? = nil, _ message: String) -> CorpusDiagnostic {
        CorpusDiagnostic(severity: .warning, file: file, line: line, message: message)
    }

    static func error(_ file: String, line: Int? = nil, _ message: String) -> CorpusDiagnostic {
        CorpusDiagnostic(severity: .error, file: file, line: line, message: message)
    }

    public var description: String {
        let place = line.map { "\(file.escapingControlCharacters):\($0)" } ?? file.escapingControlCharacters
        return "\(place): \(severity.rawValue): \(message.escapingControlCharacters)"
    }
}
