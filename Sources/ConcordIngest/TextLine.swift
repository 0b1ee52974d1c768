/// One line of a decoded corpus file: its 1-based number and its text without the line ending.
struct TextLine: Equatable, Sendable {
    var number: Int
    var text: String

    /// Whether the line holds only whitespace.
    var isBlank: Bool { text.allSatisfy { $0.isWhitespace } }

    /// The text without leading and trailing whitespace.
    var trimmed: String {
        // Most lines need no trimming: keep the text itself rather than a copy (a line can be huge).
        if let first = text.first, let last = text.last, !first.isWhitespace, !last.isWhitespace { return text }
        return text.trimmingWhitespace()
    }
}

extension StringProtocol {
    /// The text without leading and trailing whitespace (including non-breaking spaces).
    func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[first...last])
    }
}
