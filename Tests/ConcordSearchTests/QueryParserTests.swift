import Testing
@testable import ConcordSearch

// MARK: - Parser table

private func w(_ text: String, _ occur: Occur = .should) -> ParsedClause { ParsedClause(occur: occur, text: text, isQuoted: false) }
private func q(_ text: String, _ occur: Occur = .should) -> ParsedClause { ParsedClause(occur: occur, text: text, isQuoted: true) }

private let parserTable: [(String, [ParsedClause])] = [
    ("", []),
    ("   \t\n ", []),
    ("cat", [w("cat")]),
    ("cat  dog", [w("cat"), w("dog")]),
    ("+cat -dog bird", [w("cat", .must), w("dog", .mustNot), w("bird")]),
    ("\"new york\"", [q("new york")]),
    ("+\"new york\" -\"los angeles\"", [q("new york", .must), q("los angeles", .mustNot)]),
    ("\"unterminated phrase here", [q("unterminated phrase here")]),
    ("cat \"dangling", [w("cat"), q("dangling")]),
    ("-", []),
    ("+", []),
    ("- + -", []),
    ("\"\"", []),
    ("\"   \"", []),
    ("+\"\"", []),
    ("\"", []),
    ("+-foo", [w("-foo", .must)]),
    ("--foo", [w("-foo", .mustNot)]),
    ("cat\"dog fish\"", [w("cat"), q("dog fish")]),
    ("and or not", [w("and"), w("or"), w("not")]),
    ("!!! ...", [w("!!!"), w("...")]),
    ("\u{201C}smart quotes\u{201D}", [q("smart quotes")]),
    ("Sino-Soviet", [w("Sino-Soviet")]),
    ("a\tb\nc", [w("a"), w("b"), w("c")]),
    ("x - y", [w("x"), w("y")]),
]

@Test func parserTable_matchesExpectedClauses() {
    for (input, expected) in parserTable {
        #expect(QueryParser().parse(input) == expected, "input: \(input.debugDescription)")
    }
}
