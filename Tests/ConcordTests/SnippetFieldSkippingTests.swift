import Foundation
import Testing
@testable import Concord

/// Snippets skip analyzing a field whose postings hold no query term. That must never change a snippet,
/// its highlights or the field it comes from: on random multi-segment indexes and queries of every kind,
/// a searcher that skips answers exactly as one that analyzes every field, and the skipping happens.
@Test(arguments: [UInt64(11), 12, 13])
func snippetsSkippingFieldsEqualAnalyzingEveryField(seed: UInt64) throws {
    let folder = try TemporaryFolder("snippet-skipping")
    defer { folder.remove() }
    var rng = SeededGenerator(seed: seed)
    let (model, index) = try CorpusModel.indexedRandomCorpus(in: folder, mutations: 3, &rng)

    let skipping = try index.openSearcher()
    let exhaustive = try index.openSearcher()
    exhaustive.skipsSnippetFieldsByPostings = false
    #expect(try index.statistics().segments > 1, "seed \(seed): one segment only")

    func word() -> String { CorpusModel.word(&rng) }
    var queries: [String] = []
    for _ in 0..<6 {
        let phrase = rng.pick(model.allTexts).split(separator: " ").prefix(2).joined(separator: " ")
        let first = word()
        queries += [word(), "\(word()) \(word())", "+\(word()) +\(word())", "\"\(phrase)\"", "title:\(word())",
                    "\(word()) -\(word())", String(first.prefix(2)) + "*", "\(word())~1 \(word())"]
    }
    for query in queries {
        for page in [1, 2] {
            let request = SearchRequest(query: query, page: page, limit: 7)
            guard let x = try? skipping.search(request), let y = try? exhaustive.search(request) else {
                #expect((try? skipping.search(request)) == nil && (try? exhaustive.search(request)) == nil)
                continue
            }
            #expect(x.results.map(\.id) == y.results.map(\.id), "seed \(seed) query \(query)")
            for (r, s) in zip(x.results, y.results) {
                #expect(r.snippet == s.snippet && r.highlights == s.highlights && r.snippetField == s.snippetField,
                        "seed \(seed) query \(query) \(r.id): \(r.snippetField) “\(r.snippet)” \(r.highlights), analyzing every field: \(s.snippetField) “\(s.snippet)” \(s.highlights)")
            }
        }
    }
    #expect(exhaustive.snippetFieldsSkipped == 0)
    #expect(skipping.snippetFieldsSkipped > 0, "seed \(seed): no field was ever skipped")
}
