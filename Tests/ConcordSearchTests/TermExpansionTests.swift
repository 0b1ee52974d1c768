import ConcordAnalysis
import Testing
@testable import ConcordSearch

// MARK: - Edit distance against a plain full-table reference

/// Optimal-string-alignment distance with the whole table: the reference the banded version must equal.
private func referenceDistance(_ a: [Character], _ b: [Character]) -> Int {
    var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { table[i][0] = i }
    for j in 0...b.count { table[0][j] = j }
    if a.isEmpty || b.isEmpty { return table[a.count][b.count] }
    for i in 1...a.count {
        for j in 1...b.count {
            let cost = a[i - 1] == b[j - 1] ? 0 : 1
            table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
            }
        }
    }
    return table[a.count][b.count]
}

@Test func boundedDistanceEqualsTheFullTableWithinTheLimit() {
    var rng = SeededGenerator(seed: 41)
    let alphabet: [Character] = ["a", "b", "c", "é", "ж"]
    for round in 0..<4000 {
        let a = (0..<rng.int(0...7)).map { _ in rng.pick(alphabet) }
        let b = (0..<rng.int(0...7)).map { _ in rng.pick(alphabet) }
        let limit = rng.int(0...3)
        let expected = referenceDistance(a, b)
        let got = EditDistance(String(a)).distance(to: String(b), limit: limit)
        #expect(got == (expected <= limit ? expected : nil), "round \(round): \(String(a)) → \(String(b)) limit \(limit)")
    }
}

@Test func knownDistances() {
    #expect(EditDistance("kruschev").distance(to: "khrushchev", limit: 2) == 2)
    #expect(EditDistance("breshnev").distance(to: "brezhnev", limit: 2) == 1)
    #expect(EditDistance("abcd").distance(to: "abdc", limit: 1) == 1)  // one swap
    #expect(EditDistance("abc").distance(to: "xyz", limit: 2) == nil)
    #expect(EditDistance.automaticEdits(forLength: 4) == 1)
    #expect(EditDistance.automaticEdits(forLength: 5) == 2)
}

// MARK: - Expansion over an index, against a scan of every document's terms

private func names() -> [[String: String]] {
    [
        ["id": "a", "title": "Khrushchev in Vienna", "body": "Khrushchev meets Kennedy"],
        ["id": "b", "title": "Khrushchev and Mao", "body": "The Sino-Soviet split"],
        ["id": "c", "title": "Brezhnev doctrine", "body": "Brezhnev speaks in Warsaw"],
        ["id": "d", "title": "Khrushchevism", "body": "a later essay on Khrushchev"],
        ["id": "e", "title": "Kennan's long telegram", "body": "Kennan writes from Moscow"],
    ]
}

@Test func prefixExpansionFindsEveryTermWithThePrefixMostFrequentFirst() throws {
    let analyzer = try Analyzer()
    let docs = names()
    let index = InMemoryIndex(segments: [
        InMemorySegment(documents: Array(docs[0..<3]), tokenizer: analyzer),
        InMemorySegment(documents: Array(docs[3...]), tokenizer: analyzer),
    ])
    var expected: [String: Int] = [:]
    for doc in docs {
        let terms = Set(["title", "body"].flatMap { analyzer.tokens(doc[$0] ?? "").map(\.term) })
        for term in terms where term.hasPrefix("k") { expected[term, default: 0] += 1 }
    }
    let expansion = try TermExpander.prefix("k", in: index)
    #expect(Dictionary(uniqueKeysWithValues: expansion.entries.map { ($0.term, $0.documentFrequency) }) == expected)
    #expect(!expansion.truncated)
    let frequencies = expansion.entries.map(\.documentFrequency)
    #expect(frequencies == frequencies.sorted(by: >))

    let capped = try TermExpander.prefix("k", in: index, limit: 2)
    #expect(capped.truncated)
    #expect(capped.terms == Array(expansion.terms.prefix(2)))
}

@Test func fuzzyExpansionKeepsTermsWithinTheEditLimitClosestFirst() throws {
    let analyzer = try Analyzer()
    let index = InMemoryIndex(segments: [InMemorySegment(documents: names(), tokenizer: analyzer)])
    let query = analyzer.tokens("Kruschev")[0].term
    let expansion = try TermExpander.fuzzy(query, maxEdits: 2, in: index)
    let khrushchev = analyzer.tokens("Khrushchev")[0].term
    #expect(expansion.terms.contains(khrushchev))
    let matcher = EditDistance(query)
    for entry in expansion.entries {
        #expect(matcher.distance(to: entry.term, limit: 2) == entry.distance)
    }
    let distances = expansion.entries.map(\.distance)
    #expect(distances == distances.sorted())
}

// MARK: - Did you mean

@Test func misspelledNamesAreRespelledAsTheCorpusWritesThem() throws {
    let analyzer = try Analyzer()
    let index = InMemoryIndex(segments: [InMemorySegment(documents: names(), tokenizer: analyzer)])
    let suggester = SpellingSuggester(index: index, tokenizer: analyzer)
    #expect(try suggester.suggestion(for: "Kruschev") == "Khrushchev")
    #expect(try suggester.suggestion(for: "Breshnev doctrine") == "Brezhnev doctrine")
    #expect(try suggester.suggestion(for: "kruschev in vienna") == "khrushchev in vienna")
    // Operators and quotes stay as typed.
    #expect(try suggester.suggestion(for: "+Kruschev -\"Breshnev\"") == "+Khrushchev -\"Brezhnev\"")
    // Words the index has, and words with nothing close, are left alone.
    #expect(try suggester.suggestion(for: "Kennedy Vienna") == nil)
    #expect(try suggester.suggestion(for: "zzyzx") == nil)
}

@Test func onlyTheFirstRareWordsOfALongQueryAreLookedUp() throws {
    let analyzer = try Analyzer()
    let index = InMemoryIndex(segments: [InMemorySegment(documents: names(), tokenizer: analyzer)])
    let suggester = SpellingSuggester(index: index, tokenizer: analyzer)
    // Unknown words use up the lookups (each a pass over the dictionary); a misspelling after them stays.
    let unknown = (0..<SpellingSuggester<InMemoryIndex, Analyzer>.maximumRespelledWords).map { "qzxv\($0)wq" }
    #expect(try suggester.suggestion(for: (unknown + ["Kruschev"]).joined(separator: " ")) == nil)
    #expect(try suggester.suggestion(for: (unknown.dropLast() + ["Kruschev"]).joined(separator: " "))?.hasSuffix("Khrushchev") == true)
}
