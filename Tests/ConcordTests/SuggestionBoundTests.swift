import Foundation
import Testing
@testable import Concord
import ConcordSearch

/// "Did you mean" leaves out replacements too rare to reach its threshold when the query requires every
/// word. That must never change a suggestion: on random indexes and misspelled queries of every kind, a
/// searcher that bounds the replacements suggests exactly what one considering every replacement does,
/// and the bounded case (a few hits, every word required) comes up.
@Test(arguments: [UInt64(21), 22])
func boundedSuggestionsEqualConsideringEveryReplacement(seed: UInt64) throws {
    let folder = try TemporaryFolder("suggestion-bound")
    defer { folder.remove() }
    var rng = SeededGenerator(seed: seed)
    let index = try CorpusModel.indexedRandomCorpus(in: folder, mutations: 2, &rng).index

    let bounded = try index.openSearcher()
    let unbounded = try index.openSearcher()
    unbounded.boundsSuggestionsByRequiredWords = false

    /// A word of the corpus with one letter changed, dropped or doubled (often a word the index lacks or
    /// holds rarely, next to the word it came from).
    func misspelled() -> String {
        var letters = Array(CorpusModel.word(&rng))
        let i = rng.int(0...(letters.count - 1))
        switch rng.int(0...2) {
        case 0: letters[i] = rng.pick(Array("bdfgklmnprtvzaiou"))
        case 1: if letters.count > 3 { letters.remove(at: i) }
        default: letters.insert(letters[i], at: i)
        }
        return String(letters)
    }
    func word() -> String { rng.chance(0.5) ? misspelled() : CorpusModel.word(&rng) }

    var fewHitsEveryWordRequired = 0, suggested = 0
    for _ in 0..<120 {
        let (a, b, c) = (misspelled(), word(), word())
        let queries = [a, "\"\(a) \(b)\"", "\"\(b) \(a) \(c)\"", "+\(a) +\(b)", "\(a) \(b)", "+\(a) \(b)", "\(b) -\(a)",
                       "title:\(a)", "\(a) +\(b) +\(c)"]
        for query in queries {
            let request = SearchRequest(query: query, limit: 5)
            let x = try bounded.search(request), y = try unbounded.search(request)
            #expect(x.total == y.total && x.suggestion == y.suggestion,
                    "seed \(seed) query \(query): \(x.total) hits, suggestion \(x.suggestion ?? "none"); considering every replacement: \(y.suggestion ?? "none")")
            if x.suggestion != nil { suggested += 1 }
            let node = try QueryNode(parsing: query, tokenizer: bounded.analyzer)
            if (1...IndexSearcher.fewHits).contains(x.total), node.requiresEveryWord { fewHitsEveryWordRequired += 1 }
        }
    }
    #expect(suggested > 0, "seed \(seed): no query got a suggestion")
    #expect(fewHitsEveryWordRequired > 0, "seed \(seed): no query with a few hits required every word")
}

/// Which trees require every word: single words, phrases, filters and all-required booleans do;
/// optional, excluded and expanded words do not.
@Test func queryTreesRequiringEveryWord() throws {
    let folder = try TemporaryFolder("requires-every-word")
    defer { folder.remove() }
    var rng = SeededGenerator(seed: 5)
    let analyzer = try CorpusModel.indexedRandomCorpus(in: folder, mutations: 0, &rng).index.openSearcher().analyzer
    let expected: [(String, Bool)] = [
        ("armistice", true), ("\"armistice talks\"", true), ("+armistice +talks", true), ("title:armistice", true),
        ("\"armistice talks\"~3", true), ("+armistice +\"peace talks\"", true),
        ("armistice talks", false), ("+armistice talks", false), ("armistice -talks", false),
        ("+armistice -talks", false), ("armist*", false), ("armistice~1", false),
    ]
    for (query, requires) in expected {
        #expect(try QueryNode(parsing: query, tokenizer: analyzer).requiresEveryWord == requires, "\(query)")
    }
}
