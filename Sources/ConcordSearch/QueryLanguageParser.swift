/// Parses Concord's query language into an analyzed `QueryNode`, or throws a positioned `QueryError`.
///
/// Grammar (precedence from loose to tight; see the README for the user's version):
///
///     query     := sequence                      (blank text = every document)
///     sequence  := or-expr*                      juxtaposed items: a ranked OR, as always
///     or-expr   := and-expr ("OR" and-expr)*
///     and-expr  := not-expr ("AND" not-expr)*
///     not-expr  := unary ("NOT" unary)*          a NOT b = a, excluding b
///     unary     := "NOT" unary | ("+" | "-") primary | primary
///     primary   := "(" sequence ")" | field ":" primary | "date:" dates | name ":" value
///                | '"' words '"' ("~" digits)? | word "*" | word "~" digits? | "*" | word
///
/// - `AND`, `OR`, `NOT` are operators only in upper case; `and`/`or`/`not` are words.
/// - In a sequence, items are optional (`should`) unless marked `+` (required) or `-` (excluded);
///   AND operands are required, OR operands optional, the right side of NOT excluded; a `+`/`-` mark
///   on an operand overrides. Date and keyword filters are required wherever they stand unless inside
///   an OR or marked `-`, and never score.
/// - Inside a sequence the rules of the flat syntax apply unchanged: a repeated term or phrase is one
///   clause whose score counts the repeats; bare stop words are dropped when the sequence has a scored
///   clause that is not a stop word; a word that analyzes to several tokens (`Sino-Soviet`) is a
///   phrase; a lone `+`/`-` and words with no tokens are ignored; an unterminated quote runs to the end.
/// - A field scope applies to every word and phrase inside it; an inner scope wins (`title:(body:x)`
///   searches the body), as in Lucene.
/// - Errors: unbalanced parentheses, an operator with nothing on one side, a bad date, `title:`,
///   `summary:`, `body:` or `date:` with nothing right after the colon, a prefix with
///   fewer than 2 characters, more than 2 fuzzy edits, nesting deeper than `maximumDepth`.
public struct QueryLanguageParser<Tokenizer: TextTokenizing> {
    public static var maximumDepth: Int { 128 }

    let tokenizer: Tokenizer
    let scalars: [Unicode.Scalar]
    var index = 0
    var depth = 0

    struct Operand {
        var prefix: Occur?
        var node: QueryNode?
    }

    /// Parses and analyzes `text`.
    public static func parse(_ text: String, tokenizer: Tokenizer) throws(QueryError) -> QueryNode {
        var parser = QueryLanguageParser(tokenizer: tokenizer, scalars: Array(text.unicodeScalars))
        return try parser.parseQuery()
    }

    mutating func parseQuery() throws(QueryError) -> QueryNode {
        guard scalars.contains(where: { !Self.isWhitespace($0) }) else { return .matchAll }
        let node = try parseSequence(closing: false)
        return node ?? .matchNone
    }

    // MARK: - Levels

    mutating func parseSequence(closing: Bool) throws(QueryError) -> QueryNode? {
        var items: [Operand] = []
        while true {
            skipWhitespace()
            if index >= scalars.count { break }
            if scalars[index] == ")" {
                if closing { break }
                throw QueryError("unbalanced parenthesis: “)” has no matching “(”", at: index)
            }
            items.append(try parseOr())
        }
        var clauses: [BooleanClause] = []
        for item in items {
            guard let node = item.node else { continue }
            let occur: Occur
            switch item.prefix {
            case .mustNot?: occur = .mustNot
            case .must?: occur = node.isFilter ? .filter : .must
            default: occur = node.isFilter ? .filter : .should
            }
            clauses.append(BooleanClause(occur, node))
        }
        return Self.combine(SequenceRules.apply(to: clauses))
    }

    mutating func parseOr() throws(QueryError) -> Operand {
        var operands = [try parseAnd()]
        while let position = peekOperator("OR") {
            index = position + 2
            try requireOperand(after: "OR", at: position)
            operands.append(try parseAnd())
        }
        guard operands.count > 1 else { return operands[0] }
        let clauses = operands.compactMap { operand -> BooleanClause? in
            guard let node = operand.node else { return nil }
            switch operand.prefix {
            case .mustNot?: return BooleanClause(.mustNot, node)
            case .must?: return BooleanClause(node.isFilter ? .filter : .must, node)
            default: return BooleanClause(.should, node)
            }
        }
        return Operand(prefix: nil, node: Self.combine(clauses))
    }

    mutating func parseAnd() throws(QueryError) -> Operand {
        var operands = [try parseNot()]
        while let position = peekOperator("AND") {
            index = position + 3
            try requireOperand(after: "AND", at: position)
            operands.append(try parseNot())
        }
        guard operands.count > 1 else { return operands[0] }
        let clauses = operands.compactMap { operand -> BooleanClause? in
            guard let node = operand.node else { return nil }
            return BooleanClause(operand.prefix == .mustNot ? .mustNot : node.isFilter ? .filter : .must, node)
        }
        return Operand(prefix: nil, node: Self.combine(clauses))
    }

    mutating func parseNot() throws(QueryError) -> Operand {
        let first = try parseUnary()
        var excluded: [QueryNode] = []
        while let position = peekOperator("NOT") {
            index = position + 3
            try requireOperand(after: "NOT", at: position)
            if let node = try parseUnary().node { excluded.append(node) }
        }
        guard !excluded.isEmpty else { return first }
        var clauses: [BooleanClause] = []
        if let node = first.node {
            switch first.prefix {
            case .mustNot?: clauses.append(BooleanClause(.mustNot, node))
            case .must?: clauses.append(BooleanClause(node.isFilter ? .filter : .must, node))
            default: clauses.append(BooleanClause(node.isFilter ? .filter : .should, node))
            }
        }
        clauses += excluded.map { BooleanClause(.mustNot, $0) }
        return Operand(prefix: nil, node: Self.combine(clauses))
    }

    mutating func parseUnary() throws(QueryError) -> Operand {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw QueryError("the query is nested too deeply (more than \(Self.maximumDepth) levels)", at: index)
        }
        let start = index
        if let position = peekOperator("NOT"), position == start {
            index += 3
            try requireOperand(after: "NOT", at: position)
            let operand = try parseUnary()
            return Operand(prefix: .mustNot, node: operand.node)
        }
        for name in ["AND", "OR"] {
            if let position = peekOperator(name), position == start {
                throw QueryError("“\(name)” needs something on its left", at: position)
            }
        }
        let scalar = scalars[index]
        if scalar == "+" || scalar == "-" {
            index += 1
            if index >= scalars.count || Self.isWhitespace(scalars[index]) || scalars[index] == ")" {
                return Operand(prefix: nil, node: nil)  // a lone operator is ignored
            }
            return Operand(prefix: scalar == "+" ? .must : .mustNot, node: try parsePrimary(scope: nil))
        }
        return Operand(prefix: nil, node: try parsePrimary(scope: nil))
    }

    // MARK: - Primaries

    mutating func parsePrimary(scope: SearchField?) throws(QueryError) -> QueryNode? {
        let start = index
        let scalar = scalars[index]
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maximumDepth else {
            throw QueryError("the query is nested too deeply (more than \(Self.maximumDepth) levels)", at: index)
        }
        if scalar == "(" {
            index += 1
            let node = try parseScopedSequence(scope: scope)
            guard index < scalars.count, scalars[index] == ")" else {
                throw QueryError("unbalanced parenthesis: this “(” is never closed", at: start)
            }
            index += 1
            return node
        }
        if Self.isQuote(scalar) {
            index += 1
            let textStart = index
            while index < scalars.count, !Self.isQuote(scalars[index]) { index += 1 }
            let text = Self.string(scalars[textStart..<index])
            if index < scalars.count { index += 1 }
            var slop: Int?
            if index < scalars.count, scalars[index] == "~" {
                let tilde = index
                index += 1
                let digitsStart = index
                while index < scalars.count, Self.isDigit(scalars[index]) { index += 1 }
                guard index > digitsStart, index - digitsStart <= 4 else {
                    throw QueryError("a proximity needs a number of moves from 0 to 9999 after “~”", at: tilde)
                }
                slop = Int(Self.string(scalars[digitsStart..<index]))
            }
            return phraseNode(text, slop: slop, scope: scope)
        }
        if scalar == "*", index + 1 >= scalars.count || Self.isSeparator(scalars[index + 1]) {
            index += 1
            return .matchAll
        }
        if let name = builtInFieldWithoutValue(at: index) {
            // `date: 1972` or `title:` would otherwise silently search the word "date" or "title".
            throw QueryError("“\(name):” needs its value right after the colon (\(name):value, no space)", at: start)
        }
        if let (name, valueStart) = fieldName(at: index) {
            index = valueStart
            switch name.lowercased() {
            case "title", "summary", "body":
                let field: SearchField = name.lowercased() == "title" ? .title : name.lowercased() == "summary" ? .summary : .body
                return try parsePrimary(scope: field)
            case "date":
                let valueEnd = wordEnd(from: index)
                let text = Self.string(scalars[index..<valueEnd])
                index = valueEnd
                return .dateRange(try DateBounds.parse(text, offset: valueStart))
            default:
                let value: String
                if Self.isQuote(scalars[index]) {
                    index += 1
                    let textStart = index
                    while index < scalars.count, !Self.isQuote(scalars[index]) { index += 1 }
                    value = Self.string(scalars[textStart..<index])
                    if index < scalars.count { index += 1 }
                } else {
                    let valueEnd = wordEnd(from: index)
                    value = Self.string(scalars[index..<valueEnd])
                    index = valueEnd
                }
                guard !value.isEmpty else { throw QueryError("“\(name):” needs a value", at: start) }
                return .keyword(KeywordQuery(field: name, value: value, position: start))
            }
        }
        let end = wordEnd(from: index)
        let word = Array(scalars[index..<end])
        index = end
        return try wordNode(word, start: start, scope: scope)
    }

    /// A parenthesized group under a field scope: its words and phrases take the scope.
    mutating func parseScopedSequence(scope: SearchField?) throws(QueryError) -> QueryNode? {
        guard let scope else { return try parseSequence(closing: true) }
        let saved = activeScope
        activeScope = scope
        defer { activeScope = saved }
        return try parseSequence(closing: true)
    }

    /// The field scope of the innermost enclosing `field:( … )`, applied to words and phrases inside.
    var activeScope: SearchField? = nil

    func effectiveScope(_ scope: SearchField?) -> SearchField? { scope ?? activeScope }

    func phraseNode(_ text: String, slop: Int?, scope: SearchField?) -> QueryNode? {
        let field = effectiveScope(scope)
        let tokens = tokenizer.tokens(text)
        guard let first = tokens.first else { return nil }
        if tokens.count == 1 { return .term(TermQuery(term: first.term, field: field, isStopWord: first.isStopWord)) }
        let terms = tokens.map(\.term), offsets = tokens.map { $0.position - first.position }
        if let slop { return .proximity(ProximityQuery(terms: terms, offsets: offsets, slop: slop, field: field)) }
        return .phrase(PhraseQuery(terms: terms, offsets: offsets, field: field))
    }

    func wordNode(_ word: [Unicode.Scalar], start: Int, scope: SearchField?) throws(QueryError) -> QueryNode? {
        let field = effectiveScope(scope)
        if word.count >= 2, word.last == "*", word[word.count - 2] != "*" {
            let stem = Array(word.dropLast())
            guard stem.count >= 2 else { throw QueryError("a prefix needs at least 2 characters before “*”", at: start) }
            let tokens = tokenizer.unstemmedTokens(Self.string(stem[...]))
            guard tokens.count == 1, let token = tokens.first else {
                throw QueryError("a prefix must be one word: “\(Self.string(word[...]))”", at: start)
            }
            return .prefix(PrefixQuery(prefix: token.term, field: field))
        }
        if let tilde = word.lastIndex(of: "~"), tilde > 0, word[(tilde + 1)...].allSatisfy(Self.isDigit) {
            let digits = word[(tilde + 1)...]
            guard !word[..<tilde].contains("*") else {
                throw QueryError("a term cannot be both a prefix and fuzzy: “\(Self.string(word[...]))”", at: start)
            }
            let base = Self.string(word[..<tilde])
            let tokens = tokenizer.tokens(base)
            guard tokens.count == 1, let token = tokens.first else {
                throw QueryError("a fuzzy term must be one word: “\(Self.string(word[...]))”", at: start)
            }
            var edits = FuzzyQuery.automaticEdits(for: token.term)
            if !digits.isEmpty {
                guard digits.count <= 1, let value = Int(Self.string(digits)), value <= 2 else {
                    throw QueryError("a fuzzy term allows at most 2 edits", at: start + tilde)
                }
                edits = value
            }
            if edits == 0 { return .term(TermQuery(term: token.term, field: field, isStopWord: token.isStopWord)) }
            return .fuzzy(FuzzyQuery(term: token.term, maxEdits: edits, field: field))
        }
        return phraseNode(Self.string(word[...]), slop: nil, scope: scope)
    }

    // MARK: - Lexing helpers

    /// `name:` at `position` followed by a value: the name and where the value starts.
    func fieldName(at position: Int) -> (String, Int)? {
        var i = position
        guard i < scalars.count, Self.isASCIILetter(scalars[i]) else { return nil }
        while i < scalars.count, Self.isASCIILetter(scalars[i]) || Self.isDigit(scalars[i]) || scalars[i] == "_" { i += 1 }
        guard i < scalars.count, scalars[i] == ":", i + 1 < scalars.count,
              !Self.isWhitespace(scalars[i + 1]), scalars[i + 1] != ")"
        else { return nil }
        return (Self.string(scalars[position..<i]), i + 1)
    }

    /// `title:`, `summary:`, `body:` or `date:` (any case) at `position` with nothing right after the
    /// colon (whitespace, `)` or the end): the name. Other `word:` stay words, as in the flat syntax.
    func builtInFieldWithoutValue(at position: Int) -> String? {
        var i = position
        while i < scalars.count, Self.isASCIILetter(scalars[i]) { i += 1 }
        guard i > position, i < scalars.count, scalars[i] == ":",
              i + 1 == scalars.count || Self.isWhitespace(scalars[i + 1]) || scalars[i + 1] == ")"
        else { return nil }
        let name = Self.string(scalars[position..<i])
        return ["title", "summary", "body", "date"].contains(name.lowercased()) ? name : nil
    }

    /// End of a bare word: the next whitespace, quote or parenthesis.
    func wordEnd(from start: Int) -> Int {
        var i = start
        while i < scalars.count, !Self.isSeparator(scalars[i]) { i += 1 }
        return i
    }

    /// Position of the operator `name` after whitespace, when it stands alone as a word there.
    mutating func peekOperator(_ name: String) -> Int? {
        var i = index
        while i < scalars.count, Self.isWhitespace(scalars[i]) { i += 1 }
        let letters = Array(name.unicodeScalars)
        guard i + letters.count <= scalars.count, Array(scalars[i..<(i + letters.count)]) == letters else { return nil }
        let after = i + letters.count
        guard after == scalars.count || Self.isSeparator(scalars[after]) else { return nil }
        return i
    }

    mutating func requireOperand(after name: String, at position: Int) throws(QueryError) {
        skipWhitespace()
        if index >= scalars.count || scalars[index] == ")" {
            throw QueryError("“\(name)” needs something on its right", at: position)
        }
    }

    mutating func skipWhitespace() {
        while index < scalars.count, Self.isWhitespace(scalars[index]) { index += 1 }
    }

    static func combine(_ clauses: [BooleanClause]) -> QueryNode? {
        if clauses.isEmpty { return nil }
        if clauses.count == 1, clauses[0].occur != .mustNot { return clauses[0].query }
        return .boolean(BooleanQuery(clauses: clauses))
    }

    static func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
        var utf8: [UInt8] = []
        utf8.reserveCapacity(slice.count)
        for scalar in slice {
            if scalar.value < 0x80 {
                utf8.append(UInt8(truncatingIfNeeded: scalar.value))
            } else {
                UTF8.encode(scalar) { utf8.append($0) }
            }
        }
        return String(decoding: utf8, as: UTF8.self)
    }

    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool { isSnippetWhitespace(scalar) }
    static func isQuote(_ scalar: Unicode.Scalar) -> Bool { QueryParser.isQuote(scalar) }
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        isWhitespace(scalar) || isQuote(scalar) || scalar == "(" || scalar == ")"
    }
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x30 && scalar.value <= 0x39 }
    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value >= 0x41 && scalar.value <= 0x5A) || (scalar.value >= 0x61 && scalar.value <= 0x7A)
    }
}

extension QueryNode {
    /// Parses `text` in the query language (see `QueryLanguageParser`).
    public init(parsing text: String, tokenizer: some TextTokenizing) throws(QueryError) {
        self = try QueryLanguageParser.parse(text, tokenizer: tokenizer)
    }
}
