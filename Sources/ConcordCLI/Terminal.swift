#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How output should look: bold highlights only on a terminal without `NO_COLOR`.
/// Text from the corpus is shown with control characters escaped on a terminal (`visible`), so a document
/// cannot retitle the window or clear the screen.
struct Terminal {
    let useColor: Bool
    let isInteractiveError: Bool
    /// Whether standard output is a terminal (then corpus text has its control characters escaped).
    var isTerminal = false

    static var current: Terminal {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let isTerminal = isatty(STDOUT_FILENO) == 1
        return Terminal(useColor: isTerminal && !noColor, isInteractiveError: isatty(STDERR_FILENO) == 1,
                        isTerminal: isTerminal)
    }

    /// Corpus text as it may be written to standard output.
    func visible(_ text: String) -> String { isTerminal ? text.escapingControlCharacters : text }

    /// Corpus text of several lines (a summary, a body) as it may be written to standard output: like
    /// `visible`, but line breaks and tabs stay as they are.
    func visibleLines(_ text: String) -> String {
        guard isTerminal else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false)
                .map { String($0).escapingControlCharacters }.joined(separator: "\t")
        }.joined(separator: "\n")
    }

    func bold(_ text: String) -> String { useColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { useColor ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}

/// Writes to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
