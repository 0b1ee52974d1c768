import ConcordAnalysis
@testable import ConcordSearch

/// What a phrase scan must find, by brute force: for every live document (in order), each field's count of
/// start positions at which every word of `clause` stands at its offset among the field's tokens.
func bruteForcePhrasePostings(_ clause: QueryClause, documents: [[String: String]], deleted: Set<Int> = [],
                              analyzer: Analyzer) -> PhrasePostings {
    var want = PhrasePostings()
    let span = (clause.offsets.max() ?? 0) + 1
    for (number, fields) in documents.enumerated() where !deleted.contains(number) {
        let counts = SearchField.allCases.map { field -> Int32 in
            let terms = analyzer.tokens(fields[field.storedKey] ?? "").map(\.term)
            var occurrences: Int32 = 0
            for start in 0..<max(0, terms.count - span + 1)
            where clause.terms.indices.allSatisfy({ terms[start + clause.offsets[$0]] == clause.terms[$0] }) {
                occurrences += 1
            }
            return occurrences
        }
        if counts.contains(where: { $0 > 0 }) {
            want.docs.append(Int32(number))
            want.frequencies += counts
        }
    }
    return want
}
