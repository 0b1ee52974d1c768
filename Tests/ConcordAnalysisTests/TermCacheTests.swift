import Testing
@testable import ConcordAnalysis

@Suite struct TermCacheTests {
    /// The cached term of `key` (nil when not cached).
    private func lookup(_ key: String, in cache: inout TermCache) -> String? {
        var key = key
        return key.withUTF8 { cache.value(for: $0, hash: TermCache.hash($0))?.term }
    }

    /// Caches `key`'s upper-case form as its term.
    private func insert(_ key: String, into cache: inout TermCache) {
        let value = ResolvedTerm(term: key.uppercased(), isStopWord: false)
        var bytes = key
        bytes.withUTF8 { cache.insert(value, for: $0, hash: TermCache.hash($0)) }
    }

    @Test func storesAndEvictsWhenFull() {
        var cache = TermCache(limit: 4)
        for key in ["a", "bb", "ccc", "dddd"] { insert(key, into: &cache) }
        #expect(lookup("a", in: &cache) == "A")
        #expect(lookup("dddd", in: &cache) == "DDDD")
        #expect(lookup("dd", in: &cache) == nil)
        insert("eeeee", into: &cache)  // the fifth entry clears the table first
        #expect(lookup("eeeee", in: &cache) == "EEEEE")
        #expect(lookup("a", in: &cache) == nil)
    }

    @Test func keepsItsWordsWhileTheyServeMostLookups() {
        var cache = TermCache(limit: 4)
        for key in ["a", "bb", "ccc", "dddd"] { insert(key, into: &cache) }
        for _ in 0..<5 { #expect(lookup("a", in: &cache) == "A") }
        insert("rare", into: &cache)       // five hits for one newcomer: the cache serves well, the newcomer is turned away
        #expect(lookup("rare", in: &cache) == nil)
        #expect(lookup("bb", in: &cache) == "BB")
        insert("other", into: &cache)      // one hit for one newcomer: no longer serving, so cleared and refilled
        #expect(lookup("other", in: &cache) == "OTHER")
        #expect(lookup("a", in: &cache) == nil)
    }

    /// The slot table starts small and doubles as words come, keeping every word it holds findable.
    @Test func growsFromASmallTableKeepingItsWords() {
        var cache = TermCache(limit: 10_000)
        #expect(cache.slotCount == TermCache.initialSize)
        let keys = (0..<6_000).map { "k\($0)x" }
        for key in keys { insert(key, into: &cache) }
        #expect(cache.slotCount == 16_384, "6,000 words at a load of at most one half")
        for key in keys { #expect(lookup(key, in: &cache) == key.uppercased()) }
        #expect(lookup("k6000x", in: &cache) == nil)
        for key in (0..<4_000).map({ "more\($0)" }) { insert(key, into: &cache) }
        #expect(cache.slotCount == 32_768, "never beyond the table of `limit` words")
        insert("one too many", into: &cache)
        #expect(cache.slotCount == 32_768)
        #expect(lookup("k17x", in: &cache) == "K17X")
    }

    @Test func analyzerResultsDoNotDependOnCacheState() throws {
        // Far more distinct words than the cache holds; a warm analyzer must agree with fresh ones.
        let words = (0..<40_000).map { n in "w" + String(n, radix: 26).map { Character(Unicode.Scalar(($0.asciiValue ?? 48) + 17)) } + "ings" }
        let warm = try Analyzer(configuration: .standard())
        warm.termCache = TermCache(limit: 8_192)  // so the 40,000 words fill it, clear it and refill it
        _ = warm.tokens(words.joined(separator: " "))
        let sample = words.prefix(200).joined(separator: " ")
        #expect(warm.tokens(sample) == (try Analyzer(configuration: .standard())).tokens(sample))
    }

    /// Entries are numbered in insertion order within a key space, and clearing starts a new space.
    @Test func keysAreInsertionNumbersWithinASpace() {
        var cache = TermCache(limit: 4)
        let space = cache.keySpace
        var keys: [Int32] = []
        for key in ["a", "bb", "a-word-longer-than-sixteen-bytes", "dddd"] {
            var bytes = key
            keys.append(bytes.withUTF8 { cache.insert(ResolvedTerm(term: key, isStopWord: false), for: $0, hash: TermCache.hash($0)) })
        }
        #expect(keys == [0, 1, 2, 3])
        var long = "a-word-longer-than-sixteen-bytes"
        #expect(long.withUTF8 { cache.value(for: $0, hash: TermCache.hash($0))?.cacheKey } == 2)
        insert("eeeee", into: &cache)      // full and not serving: cleared
        #expect(cache.keySpace !== space)
        var e = "eeeee"
        #expect(e.withUTF8 { cache.value(for: $0, hash: TermCache.hash($0))?.cacheKey } == 0)
    }

    /// `fieldTerms` gives the terms of `tokens` through its indices, each cached word once.
    @Test func fieldTermsListEachCachedWordOnce() throws {
        let analyzer = try Analyzer(configuration: .standard())
        let text = "Running runners ran; the runner runs 42 times, running again 42. U.S. node.js l'été Straße runs"
        let tokens = try Analyzer(configuration: .standard()).tokens(text).map(\.term)
        let field = try #require(analyzer.fieldTerms(text))
        #expect(field.termIndices.map { field.terms[Int($0)] } == tokens)
        #expect(field.keys.count == field.terms.count)
        let keys = field.keys.filter { $0 >= 0 }
        #expect(Set(keys).count == keys.count, "a key has one entry")
        let running = field.terms.indices.filter { field.terms[$0] == "run" }
        #expect(running.allSatisfy { field.keys[$0] >= 0 }, "letter words are cached, so they have keys")
        #expect(field.keys[field.terms.firstIndex(of: "42")!] == -1, "numbers are not cached")
        // "Running" and "running" are one word, "runs" another of the same term: two entries for four tokens.
        #expect(tokens.filter { $0 == "run" }.count == 4)
        #expect(field.terms.filter { $0 == "run" }.count == 2)
        #expect(field.terms.filter { $0 == "42" }.count == 2, "numbers are not cached, so not merged")
        // Another field starts afresh (the words of the last one are not taken as seen), with the same keys.
        let again = try #require(analyzer.fieldTerms(text))
        #expect(again.terms == field.terms && again.termIndices == field.termIndices && again.keys == field.keys)
        let other = try #require(analyzer.fieldTerms("runs"))
        #expect(other.terms == ["run"] && other.termIndices == [0])
        #expect(analyzer.fieldTerms(String(repeating: "a ", count: Analyzer.sliceBytes)) == nil)
    }

    /// A field whose words clear the cache is analyzed again: words are merged only within one key space.
    @Test func fieldTermsAfterTheCacheIsCleared() throws {
        let analyzer = try Analyzer(configuration: .standard())
        analyzer.termCache = TermCache(limit: 8)
        let words = (0..<200).map { "w" + String(repeating: "x", count: $0 % 13) + String(UnicodeScalar(UInt8(97 + $0 % 26))) }
        let text = (words + words.reversed() + words).joined(separator: " ")
        let tokens = try Analyzer(configuration: .standard()).tokens(text).map(\.term)
        let field = try #require(analyzer.fieldTerms(text))
        #expect(field.termIndices.map { field.terms[Int($0)] } == tokens)
        #expect(field.keys.isEmpty || field.keys.count == field.terms.count)
        let keys = field.keys.filter { $0 >= 0 }
        #expect(Set(keys).count == keys.count)
    }
}
