import Testing
@_spi(Testing) @testable import ConcordAnalysis

@Suite struct FoldCacheTests {
    /// The cached folding of `word` as a string with its alphabetic flag, nil when not cached.
    private func lookup(_ word: String, in cache: inout FoldCache) -> (String, Bool)? {
        let units = Array(word.utf16)
        return units.withUnsafeBufferPointer { key in
            cache.withFolding(of: key, hash: FoldCache.hash(key)) { (String(decoding: $0, as: UTF8.self), $1) }
        }
    }

    private func insert(_ word: String, folded: String, alphabetic: Bool = true, into cache: inout FoldCache) {
        let units = Array(word.utf16)
        let bytes = Array(folded.utf8)
        units.withUnsafeBufferPointer { key in
            bytes.withUnsafeBufferPointer { cache.insert(key, folded: $0, alphabetic: alphabetic, hash: FoldCache.hash(key)) }
        }
    }

    @Test func returnsWhatWasStoredAndNothingElse() {
        var cache = FoldCache(limit: 100)
        insert("Straße", folded: "strasse", into: &cache)
        insert("Ⅻ", folded: "xii", alphabetic: false, into: &cache)
        #expect(lookup("Straße", in: &cache)! == ("strasse", true))
        #expect(lookup("Ⅻ", in: &cache)! == ("xii", false))
        #expect(lookup("Strasse", in: &cache) == nil)
        #expect(lookup("Straß", in: &cache) == nil, "a prefix of a key is another key")
        var called = false
        let units = Array("été".utf16)
        let result: Void? = units.withUnsafeBufferPointer { key in
            cache.withFolding(of: key, hash: FoldCache.hash(key)) { _, _ in called = true }
        }
        #expect(result == nil && !called, "a miss does not call the body")
    }

    /// The table grows from its small start and keeps every word findable. Once full it turns newcomers
    /// away while it serves most lookups, and is cleared and refilled when it no longer does.
    @Test func growsThenRefillsWhenFull() {
        var cache = FoldCache(limit: 1_000)
        let words = (0..<1_000).map { "wörd\($0)" }
        for word in words { insert(word, folded: word.uppercased(), into: &cache) }
        for word in words { #expect(lookup(word, in: &cache)?.0 == word.uppercased()) }  // 1,000 hits
        #expect(cache.wordCount == 1_000)
        // Judged after a quarter of the limit turned away: 1,000 hits for 250 newcomers is serving.
        for n in 0..<250 { insert("neu\(n)", folded: "neu", into: &cache) }
        #expect(lookup("neu249", in: &cache) == nil)
        #expect(lookup("wörd1", in: &cache)?.0 == "WÖRD1")
        // One hit for the next 250: cleared, and the newcomer that was judged goes in.
        for n in 0..<250 { insert("später\(n)", folded: "spater", into: &cache) }
        #expect(cache.wordCount == 1)
        #expect(lookup("später249", in: &cache)?.0 == "spater")
        #expect(lookup("wörd2", in: &cache) == nil)
    }

    /// A warm analyzer, whose fold cache has filled, cleared and refilled, gives the tokens a fresh one
    /// gives, for words of several scripts.
    @Test func analyzerResultsDoNotDependOnFoldCacheState() throws {
        let stems = ["Größe", "café", "Ελλάδα", "Москва", "İstanbul", "naïve", "Øre", "ﬁnal", "Ǆemal", "日本語"]
        let words = (0..<40_000).map { n in stems[n % stems.count] + String(n / stems.count, radix: 7) + "é" }
        let warm = try Analyzer(configuration: .standard())
        warm.foldCache = FoldCache(limit: 4_096)  // so the 40,000 words fill it, clear it and refill it
        _ = warm.tokens(words.joined(separator: " "))
        let sample = (stems + words.prefix(300) + stems).joined(separator: " ")
        let fresh = try Analyzer(configuration: .standard())
        #expect(warm.tokens(sample) == fresh.tokens(sample))
        #expect(warm.tokens(sample) == warm.tokens(sample), "a second pass, served from the cache")
        let forced = try Analyzer(configuration: .standard())
        forced.forcesICUPath = true
        #expect(forced.tokens(sample) == fresh.tokens(sample))
    }
}
