import ConcordAnalysis
import ConcordIndex
import Foundation
@testable import ConcordSearch

/// Exhaustive evaluation of a `QueryNode` over token lists, written from the definitions in the
/// query node docs (not from the engine): which live documents match and their exact BM25F scores.
struct TreeOracle {
    struct Document {
        var id: String
        var fields: [[Token]]
        var date: DayInterval?
        var keywords: [String: String]
    }

    /// Live documents.
    var documents: [Document]
    /// Every term of every document, deleted ones included (expansions run over the term dictionary).
    var allTerms: Set<String>

    let weights = [2.0, 1.0, 1.0], b = 0.75, k1 = 1.2

    /// Score per matching live document id.
    func evaluate(_ node: QueryNode) -> [String: Double] {
        var result: [String: Double] = [:]
        for doc in documents {
            if let score = evaluate(node, doc) { result[doc.id] = score }
        }
        return result
    }

    /// nil when `doc` does not match; else its score.
    func evaluate(_ node: QueryNode, _ doc: Document) -> Double? {
        switch node {
        case .term, .phrase, .proximity, .prefix, .fuzzy:
            let tf = frequencies(node, doc)
            guard tf.reduce(0, +) > 0 else { return nil }
            let n = Double(documents.count)
            let nt = Double(documents.filter { frequencies(node, $0).reduce(0, +) > 0 }.count)
            let idf = log(1 + (n - nt + 0.5) / (nt + 0.5))
            let averages = (0..<3).map { f in Double(documents.reduce(0) { $0 + $1.fields[f].count }) / n }
            var pseudo = 0.0
            for f in 0..<3 where tf[f] > 0 {
                let norm = averages[f] > 0 ? 1 - b + b * Double(doc.fields[f].count) / averages[f] : 1
                pseudo += weights[f] * Double(tf[f]) / norm
            }
            return Double(boost(node)) * (idf * pseudo * (k1 + 1) / (pseudo + k1))
        case .boolean(let q):
            var score = 0.0
            var anyShould = false, hasMust = false, hasShould = false, hasPositive = false
            for clause in q.clauses {
                let value = evaluate(clause.query, doc)
                switch clause.occur {
                case .must:
                    hasMust = true; hasPositive = true
                    guard let value else { return nil }
                    score += value
                case .filter:
                    hasPositive = true
                    if value == nil { return nil }
                case .mustNot:
                    if value != nil { return nil }
                case .should:
                    hasShould = true; hasPositive = true
                    if let value { anyShould = true; score += value }
                }
            }
            guard hasPositive else { return nil }
            if !hasMust && hasShould && !anyShould { return nil }
            return score
        case .matchAll:
            return 0
        case .matchNone:
            return nil
        case .dateRange(let q):
            guard let date = doc.date else { return nil }
            let after = q.first.map { date.last >= $0 } ?? true
            let before = q.last.map { date.first <= $0 } ?? true
            return after && before ? 0 : nil
        case .keyword(let q):
            return doc.keywords[q.field] == q.value ? 0 : nil
        }
    }

    func boost(_ node: QueryNode) -> Int {
        switch node {
        case .term(let q): return q.boost
        case .phrase(let q): return q.boost
        case .proximity(let q): return q.boost
        case .prefix(let q): return q.boost
        case .fuzzy(let q): return q.boost
        default: return 1
        }
    }

    func scope(_ node: QueryNode) -> SearchField? {
        switch node {
        case .term(let q): return q.field
        case .phrase(let q): return q.field
        case .proximity(let q): return q.field
        case .prefix(let q): return q.field
        case .fuzzy(let q): return q.field
        default: return nil
        }
    }

    /// Per-field occurrence counts of a leaf, masked to its scope.
    func frequencies(_ node: QueryNode, _ doc: Document) -> [Int] {
        var tf: [Int]
        switch node {
        case .term(let q):
            tf = doc.fields.map { tokens in tokens.filter { $0.term == q.term }.count }
        case .phrase(let q):
            tf = doc.fields.map { Self.proximityStarts($0, terms: q.terms, offsets: q.offsets, slop: 0, exact: true).count }
        case .proximity(let q):
            tf = doc.fields.map { Self.proximityStarts($0, terms: q.terms, offsets: q.offsets, slop: q.slop, exact: false).count }
        case .prefix(let q):
            let terms = allTerms.filter { $0.hasPrefix(q.prefix) }
            tf = doc.fields.map { tokens in tokens.filter { terms.contains($0.term) }.count }
        case .fuzzy(let q):
            let terms = allTerms.filter { Self.editDistance(Array($0.unicodeScalars), Array(q.term.unicodeScalars)) <= q.maxEdits }
            tf = doc.fields.map { tokens in tokens.filter { terms.contains($0.term) }.count }
        default:
            return [0, 0, 0]
        }
        if let field = scope(node) {
            for f in 0..<3 where f != field.rawValue { tf[f] = 0 }
        }
        return tf
    }

    /// Starts of phrase (exact) or proximity occurrences in one field, by enumerating every placement.
    static func proximityStarts(_ tokens: [Token], terms: [String], offsets: [Int], slop: Int, exact: Bool) -> Set<Int> {
        let positionsOf = terms.map { term in tokens.filter { $0.term == term }.map(\.position) }
        var starts = Set<Int>()
        if exact {
            for p in positionsOf[0] {
                let start = p - offsets[0]
                if terms.indices.allSatisfy({ positionsOf[$0].contains(start + offsets[$0]) }) { starts.insert(start) }
            }
            return starts
        }
        var chosen: [Int] = []
        func place(_ part: Int) {
            if part == terms.count {
                let shifted = chosen.indices.map { chosen[$0] - offsets[$0] }
                if let low = shifted.min(), let high = shifted.max(), high - low <= slop { starts.insert(low) }
                return
            }
            for p in positionsOf[part] where !chosen.contains(p) {
                chosen.append(p)
                place(part + 1)
                chosen.removeLast()
            }
        }
        place(0)
        return starts
    }

    /// Damerau–Levenshtein (optimal string alignment) distance.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}

extension RandomCorpus {
    /// Adds a random date (year, month or day precision, sometimes none) and collection to every document.
    mutating func addMetadata(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for s in segments.indices {
            for d in segments[s].indices {
                let year = Int.random(in: 1950...1959, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: break
                case 1: segments[s][d]["date"] = String(year)
                case 2: segments[s][d]["date"] = String(format: "%04d-%02d", year, Int.random(in: 1...12, using: &rng))
                default:
                    segments[s][d]["date"] = String(format: "%04d-%02d-%02d", year, Int.random(in: 1...12, using: &rng),
                                                    Int.random(in: 1...28, using: &rng))
                }
                if Int.random(in: 0..<4, using: &rng) != 0 {
                    segments[s][d]["collection"] = ["frus", "cia", "un"].randomElement(using: &rng) ?? "frus"
                }
            }
        }
    }

    func treeOracle(tokenizer: some TextTokenizing) -> TreeOracle {
        var live: [TreeOracle.Document] = []
        var terms = Set<String>()
        for (docs, gone) in zip(segments, deleted) {
            for (number, fields) in docs.enumerated() {
                let tokens = ["title", "summary", "body"].map { tokenizer.tokens(fields[$0] ?? "") }
                for list in tokens { for token in list { terms.insert(token.term) } }
                guard !gone.contains(Int32(number)) else { continue }
                var keywords: [String: String] = [:]
                for (key, value) in fields where !reservedStoredFields.contains(key) { keywords[key] = value }
                live.append(TreeOracle.Document(id: fields["id"] ?? "", fields: tokens,
                                                date: fields["date"].flatMap { DayInterval(isoDate: $0) }, keywords: keywords))
            }
        }
        return TreeOracle(documents: live, allTerms: terms)
    }
}
