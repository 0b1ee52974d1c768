/// Parses the query language into clauses; it accepts ANY input and never fails.
///
/// Grammar (informal), applied left to right:
/// - Whitespace separates clauses.
/// - A clause may start with one operator: `+` (required) or `-` (excluded). Only the first character
///   counts as an operator: `+-foo` is a required clause with text `-foo`.
/// - `"` (or `“`/`”`) starts a quoted phrase that runs to the next quote. An unterminated quote runs to the
///   end of the input and is still a phrase.
/// - Otherwise the clause is a bare word running to the next whitespace or quote.
/// - Clauses whose text is empty or only whitespace (a lone `-`/`+`, `""`) are dropped.
/// `and`, `or` and `not` are ordinary words. Punctuation-only words survive parsing and are dropped
/// later, when analysis gives them no tokens.
public struct QueryParser: Sendable {
    public init() {}

    public func parse(_ text: String) -> [ParsedClause] {
        let scalars = Array(text.unicodeScalars)
        var clauses: [ParsedClause] = []
        var index = 0
        while index < scalars.count {
            if Self.isWhitespace(scalars[index]) {
                index += 1
                continue
            }
            var occur = Occur.should
            if scalars[index] == "+" {
                occur = .must
                index += 1
            } else if scalars[index] == "-" {
                occur = .mustNot
                index += 1
            }
            if index < scalars.count, Self.isQuote(scalars[index]) {
                index += 1
                let start = index
                while index < scalars.count, !Self.isQuote(scalars[index]) { index += 1 }
                Self.append(scalars[start..<index], occur: occur, quoted: true, to: &clauses)
                if index < scalars.count { index += 1 }  // skip the closing quote
            } else {
                let start = index
                while index < scalars.count, !Self.isWhitespace(scalars[index]), !Self.isQuote(scalars[index]) {
                    index += 1
                }
                Self.append(scalars[start..<index], occur: occur, quoted: false, to: &clauses)
            }
        }
        return clauses
    }

    private static func append(
        _ slice: ArraySlice<Unicode.Scalar>, occur: Occur, quoted: Bool, to clauses: inout [ParsedClause]
    ) {
        guard slice.contains(where: { !isWhitespace($0) }) else { return }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: slice)
        clauses.append(ParsedClause(occur: occur, text: String(view), isQuoted: quoted))
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        isSnippetWhitespace(scalar)
    }

    static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\"" || scalar == "\u{201C}" || scalar == "\u{201D}"
    }
}
