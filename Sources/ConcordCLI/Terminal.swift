#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How output should look: bold highlights only on a terminal without `NO_COLOR`.
struct Terminal {
    let useColor: Bool
    let isInteractiveError: Bool

    static var current: Terminal {
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        return Terminal(useColor: isatty(STDOUT_FILENO) == 1 && !noColor, isInteractiveError: isatty(STDERR_FILENO) == 1)
    }

    func bold(_ text: String) -> String { useColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text }
    func dim(_ text: String) -> String { useColor ? "\u{1B}[2m\(text)\u{1B}[0m" : text }
}

/// Writes to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}
