import Testing
@testable import ConcordAnalysis

@Suite struct TermCacheTests {
    @Test func storesAndEvictsWhenFull() {
        var cache = TermCache(limit: 4)
        func lookup(_ key: String) -> String? {
            var key = key
            return key.withUTF8 { cache.value(for: $0, hash: TermCache.hash($0))?.term }
        }
        func insert(_ key: String) {
            let value = ResolvedTerm(term: key.uppercased(), isStopWord: false)
            var bytes = key
            bytes.withUTF8 { cache.insert(value, for: $0, hash: TermCache.hash($0)) }
        }
        for key in ["a", "bb", "ccc", "dddd"] { insert(key) }
        #expect(lookup("a") == "A")
        #expect(lookup("dddd") == "DDDD")
        #expect(lookup("dd") == nil)
        insert("eeeee")  // the fifth entry clears the table first
        #expect(lookup("eeeee") == "EEEEE")
        #expect(lookup("a") == nil)
    }

    @Test func keepsItsWordsWhileTheyServeMostLookups() {
        var cache = TermCache(limit: 4)
        func lookup(_ key: String) -> String? {
            var key = key
            return key.withUTF8 { cache.value(for: $0, hash: TermCache.hash($0))?.term }
        }
        func insert(_ key: String) {
            let value = ResolvedTerm(term: key.uppercased(), isStopWord: false)
            var bytes = key
            bytes.withUTF8 { cache.insert(value, for: $0, hash: TermCache.hash($0)) }
        }
        for key in ["a", "bb", "ccc", "dddd"] { insert(key) }
        for _ in 0..<5 { #expect(lookup("a") == "A") }
        insert("rare")       // five hits for one newcomer: the cache serves well, the newcomer is turned away
        #expect(lookup("rare") == nil)
        #expect(lookup("bb") == "BB")
        insert("other")      // one hit for one newcomer: no longer serving, so cleared and refilled
        #expect(lookup("other") == "OTHER")
        #expect(lookup("a") == nil)
    }

    @Test func analyzerResultsDoNotDependOnCacheState() throws {
        // Far more distinct words than the cache holds; a warm analyzer must agree with fresh ones.
        let words = (0..<40_000).map { n in "w" + String(n, radix: 26).map { Character(Unicode.Scalar(($0.asciiValue ?? 48) + 17)) } + "ings" }
        let warm = try Analyzer(configuration: .standard())
        _ = warm.tokens(words.joined(separator: " "))
        let sample = words.prefix(200).joined(separator: " ")
        #expect(warm.tokens(sample) == (try Analyzer(configuration: .standard())).tokens(sample))
    }
}
