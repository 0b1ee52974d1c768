// TEMPORARY stand-in for the lead's TermExpander (on main soon); deleted on merge.

public struct TermExpansion: Sendable, Equatable {
    public var terms: [String]
    public var truncated: Bool
}

public enum TermExpander {
    public static func prefix(_ prefix: String, in index: some SearchableIndex, limit: Int) throws -> TermExpansion {
        var counts: [String: Int] = [:]
        for segment in index.segments {
            try segment.forEachTerm(withPrefix: prefix) { term, df in
                counts[term, default: 0] += df
                return true
            }
        }
        return pick(counts, limit: limit)
    }

    public static func fuzzy(_ term: String, maxEdits: Int, in index: some SearchableIndex, limit: Int) throws -> TermExpansion {
        var counts: [String: Int] = [:]
        let target = Array(term.unicodeScalars)
        for segment in index.segments {
            try segment.forEachTerm(withPrefix: "") { candidate, df in
                if distance(target, Array(candidate.unicodeScalars)) <= maxEdits { counts[candidate, default: 0] += df }
                return true
            }
        }
        return pick(counts, limit: limit)
    }

    static func pick(_ counts: [String: Int], limit: Int) -> TermExpansion {
        let sorted = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        return TermExpansion(terms: Array(sorted.prefix(limit)), truncated: sorted.count > limit)
    }

    static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
