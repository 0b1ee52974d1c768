import ConcordAnalysis
import ConcordIndex
import ConcordStorage
import Testing
@testable import ConcordSearch

/// In-memory slices of an index's dictionaries (every term with a prefix, merged over the segments)
/// against walks of the segments themselves: the same visits as one walk of a dictionary holding every
/// term, the same fuzzy matches, and a cache that builds slices where walks repeat and stays in bounds.
enum TermSliceTests {
    /// Documents spread over `segmentCount` groups that share words (so segments share terms) and hold
    /// words of their own.
    static func groups(seed: UInt64, segmentCount: Int) -> [[[String: String]]] {
        var rng = SeededGenerator(seed: seed)
        let letters = FuzzyTermWalkTests.manyLetters
        let shared = (0..<600).map { _ in String((0..<rng.int(2...8)).map { _ in rng.pick(letters) }) }
        return (0..<segmentCount).map { s in
            let own = (0..<400).map { _ in String((0..<rng.int(2...8)).map { _ in rng.pick(letters) }) }
            return (0..<150).map { i in
                ["id": "s\(s)-\(i)", "body": (0..<10).map { _ in rng.int(0...1) == 0 ? rng.pick(shared) : rng.pick(own) }.joined(separator: " ")]
            }
        }
    }

    /// An on-disk index with one segment per group (a commit after each; no merges at this size).
    static func onDisk(_ groups: [[[String: String]]], analyzer: Analyzer) throws -> OnDiskIndex {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        for documents in groups {
            for fields in documents {
                let body = analyzer.tokens(fields["body"] ?? "").map { AnalyzedDocument.Posting(term: $0.term, position: UInt32($0.position)) }
                try writer.addDocument(AnalyzedDocument(id: fields["id"] ?? "", contentHash: 0,
                                                        storedFields: fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
                                                        terms: [[], [], body], dateInterval: nil, keywords: [:]))
            }
            try writer.commit(userData: [])
        }
        writer.close()
        return OnDiskIndex(reader: try IndexReader(directory: directory))
    }

    /// One visit of a walk: the term, what it shares with the term visited before, its frequency.
    struct Visit: Equatable {
        var term: [UInt8]
        var shared: Int
        var frequency: Int
    }

    /// A walk driven by random steps (skips of short and long prefixes, extension skips with random
    /// kept bytes, stops) that depend only on the visits so far, so two walks that visit alike step alike.
    static func visits(seed: UInt64, _ walk: ((UnsafeRawBufferPointer, Int, Int) throws -> TermWalkStep) throws -> Void) rethrows -> [Visit] {
        var rng = SeededGenerator(seed: seed)
        var visits: [Visit] = []
        try walk { bytes, shared, df in
            let term = Array(bytes)
            visits.append(Visit(term: term, shared: shared, frequency: df))
            if visits.count > 500 && seed.isMultiple(of: 7) { return .stop }
            let roll = rng.int(0...9)
            if roll < 3, !term.isEmpty { return .skip(prefixLength: rng.int(1...min(term.count, seed.isMultiple(of: 3) ? 1 : 4))) }
            if roll < 5, !term.isEmpty {
                var kept = ASCIIByteSet()
                for _ in 0..<rng.int(0...6) { kept.insert(UInt8(rng.int(0x61...0x7A))) }
                return .skipExtensions(prefixLength: rng.int(0...term.count), kept: kept)
            }
            return .next
        }
        return visits
    }

    /// A slice walk visits exactly what the walk of one segment holding every document visits (terms,
    /// shared lengths, frequencies summed over the segments), for random steps and required prefixes,
    /// whether the segments are on disk or in memory.
    @Test static func sliceWalkEqualsAWalkOfTheUnion() throws {
        let analyzer = try Analyzer()
        let groups = groups(seed: 5, segmentCount: 3)
        let disk = try onDisk(groups, analyzer: analyzer)
        #expect(disk.segments.count == 3)
        let memory = InMemoryIndex(segments: groups.map { InMemorySegment(documents: $0, tokenizer: analyzer) })
        let union = InMemorySegment(documents: groups.flatMap { $0 }, tokenizer: analyzer)
        var letters = SeededGenerator(seed: 77)
        var visited = 0
        for seed in 0..<40 as Range<UInt64> {
            let required = seed % 3 == 0 ? [] : Array(String(letters.pick(FuzzyTermWalkTests.manyLetters)).utf8)
            let want = try visits(seed: seed) { try union.walkTerms(startingWith: required, $0) }
            for slice in [try TermSlice(disk, startingWith: required, byteLimit: .max), try TermSlice(memory, startingWith: required, byteLimit: .max)] {
                let slice = try #require(slice)
                let got = try visits(seed: seed) { try slice.walk($0) }
                #expect(got == want, "seed \(seed), prefix \(required)")
            }
            visited += want.count
        }
        #expect(visited > 400)
    }

    /// Skips seek instead of stepping over every skipped term: a walk that visits one term per first
    /// byte, or the terms of one first letter only, reads far fewer terms than the slice holds, and
    /// visits what a walk of the segments visits.
    @Test static func skipsSeekPastTheTermsTheyPassOver() throws {
        let analyzer = try Analyzer()
        let index = try onDisk(groups(seed: 9, segmentCount: 2), analyzer: analyzer)
        let slice = try #require(try TermSlice(index, startingWith: [], byteLimit: .max))
        #expect(slice.count > 1000)
        let walks: [(String, (UnsafeRawBufferPointer) -> TermWalkStep)] = [
            ("everything after the first", { _ in .skip(prefixLength: 0) }),
            ("one term per first byte", { _ in .skip(prefixLength: 1) }),
            ("first letter k only", { term in
                var kept = ASCIIByteSet()
                kept.insert(UInt8(ascii: "k"))
                return term.first == UInt8(ascii: "k") ? .next : .skipExtensions(prefixLength: 0, kept: kept)
            }),
        ]
        for (name, step) in walks {
            var want: [[UInt8]] = []
            let union = InMemorySegment(documents: groups(seed: 9, segmentCount: 2).flatMap { $0 }, tokenizer: analyzer)
            try union.walkTerms(startingWith: []) { term, _, _ in
                want.append(Array(term))
                return step(term)
            }
            var got: [[UInt8]] = []
            let read = try slice.walk { term, _, _ in
                got.append(Array(term))
                return step(term)
            }
            #expect(got == want, "\(name)")
            #expect(read < slice.count / 2, "\(name): \(read) terms read of \(slice.count) for \(got.count) visits")
        }
    }

    /// A slice that would exceed its byte limit is not built.
    @Test static func aSliceOverItsLimitIsNotBuilt() throws {
        let analyzer = try Analyzer()
        let index = try onDisk(groups(seed: 8, segmentCount: 2), analyzer: analyzer)
        #expect(try TermSlice(index, startingWith: [], byteLimit: 64) == nil)
        let whole = try #require(try TermSlice(index, startingWith: [], byteLimit: .max))
        #expect(whole.count > 500)
    }

    /// Fuzzy matches as comparable text (term, distance, frequency), in an order of their own.
    static func matchKeys(_ entries: [TermExpansion.Entry]) -> [String] {
        entries.map { "\($0.term) \($0.distance) \($0.documentFrequency)" }.sorted()
    }

    /// Fuzzy matches through a cache equal those of walking the segments, before and after the cache
    /// has sliced the prefixes (and it does slice them), with a limit that forces evictions.
    @Test static func fuzzyMatchesThroughTheCacheEqualThoseOfTheSegments() throws {
        let analyzer = try Analyzer()
        let groups = groups(seed: 11, segmentCount: 4)
        let index = try onDisk(groups, analyzer: analyzer)
        var rng = SeededGenerator(seed: 3)
        let words = groups.flatMap { $0 }.flatMap { ($0["body"] ?? "").split(separator: " ").map(String.init) }
        for byteLimit in [32 << 20, 6_000] {
            let cache = TermSliceCache(byteLimit: byteLimit)
            var compared = 0
            for round in 0..<4 {
                for _ in 0..<40 {
                    var word = rng.pick(words)
                    if round > 0, !word.isEmpty {
                        // A misspelling: one scalar changed after the first.
                        var scalars = Array(word.unicodeScalars)
                        if scalars.count > 1 { scalars[rng.int(1...(scalars.count - 1))] = "q" }
                        word = String(String.UnicodeScalarView(scalars))
                    }
                    for (edits, prefix) in [(1, 1), (2, 1), (2, 0)] {
                        let plain = try TermExpander.fuzzyMatches(word, maxEdits: edits, in: index, prefixLength: prefix)
                        let cached = try TermExpander.fuzzyMatches(word, maxEdits: edits, in: index, prefixLength: prefix, slices: cache)
                        #expect(matchKeys(cached) == matchKeys(plain), "\(word) within \(edits), prefix \(prefix), limit \(byteLimit)")
                        compared += plain.count
                    }
                }
                #expect(cache.heldBytes <= byteLimit)
            }
            #expect(compared > 200)
            #expect(cache.slicesBuilt > 5, "walks that repeat a prefix are sliced (limit \(byteLimit))")
            if byteLimit < 10_000 { #expect(cache.sliceCount < cache.slicesBuilt, "a small limit keeps fewer slices than it builds") }
        }
    }

    /// Fuzzy matches with a minimum frequency (the spelling suggester's: only terms more frequent than
    /// the word) through a cache equal the segments' matches of that frequency or more, whether the
    /// cache serves them from the prefix's full slice, a filtered one, or the segments; and once the
    /// filtered slices are built, their walks read fewer terms than the full slices' (most terms are rare).
    @Test static func fuzzyMatchesOfAMinimumFrequencyThroughTheCacheEqualTheFilteredMatches() throws {
        let analyzer = try Analyzer()
        let groups = groups(seed: 21, segmentCount: 3)
        let index = try onDisk(groups, analyzer: analyzer)
        var rng = SeededGenerator(seed: 5)
        let words = groups.flatMap { $0 }.flatMap { ($0["body"] ?? "").split(separator: " ").map(String.init) }
        let cache = TermSliceCache()
        var compared = 0, rareLeftOut = 0
        for round in 0..<6 {
            for _ in 0..<30 {
                let word = rng.pick(words)
                for minimum in [1, 2, 3, 4, 6, 8, 10, 16, 20] where round > 0 || minimum == 1 {
                    let plain = try TermExpander.fuzzyMatches(word, maxEdits: 2, in: index, prefixLength: 1)
                    let cached = try TermExpander.fuzzyMatches(word, maxEdits: 2, in: index, prefixLength: 1, slices: cache,
                                                               minimumFrequency: minimum)
                    let wanted = plain.filter { $0.documentFrequency >= minimum }
                    #expect(matchKeys(cached) == matchKeys(wanted), "\(word), at least \(minimum)")
                    compared += wanted.count
                    rareLeftOut += plain.count - wanted.count
                }
            }
        }
        #expect(compared > 200 && rareLeftOut > 200, "\(compared) matches compared, \(rareLeftOut) rare ones left out")
        // The walks of one prefix, once sliced: the filtered slice's visits exactly the full one's terms
        // of that frequency or more, and fewer terms.
        var full: [String] = [], filtered: [String] = []
        for _ in 0..<TermSliceCache.walksBeforeSlicing {
            full = []
            filtered = []
            try cache.walk(index, startingWith: Array("a".utf8)) { term, _, df in
                if df >= 4 { full.append(String(decoding: term, as: UTF8.self)) }
                return .next
            }
            try cache.walk(index, startingWith: Array("a".utf8), minimumFrequency: 4) { term, _, _ in
                filtered.append(String(decoding: term, as: UTF8.self))
                return .next
            }
        }
        #expect(!filtered.isEmpty && filtered == full, "the filtered walk visits the terms in four documents or more")
        var all = 0
        try cache.walk(index, startingWith: Array("a".utf8)) { _, _, _ in
            all += 1
            return .next
        }
        #expect(filtered.count < all, "\(filtered.count) of \(all) terms visited")
    }

    /// A filtered slice keeps, whatever its frequency, a term whose bytes are not valid UTF-8 (two such
    /// terms may read as one string whose frequencies add up), and every valid term of that frequency.
    @Test static func aFilteredSliceKeepsDamagedTermsAndTheFrequentOnes() throws {
        let analyzer = try Analyzer()
        let index = try onDisk(groups(seed: 9, segmentCount: 2), analyzer: analyzer)
        let whole = try #require(try TermSlice(index, startingWith: [], byteLimit: .max))
        let filtered = TermSlice(whole, minimumFrequency: 3)
        var kept: [String: Int] = [:]
        _ = try filtered.walk { term, _, df in
            kept[String(decoding: term, as: UTF8.self)] = df
            return .next
        }
        var wanted: [String: Int] = [:]
        _ = try whole.walk { term, _, df in
            if df >= 3 { wanted[String(decoding: term, as: UTF8.self)] = df }
            return .next
        }
        #expect(kept == wanted && !wanted.isEmpty && wanted.count < whole.count)
        #expect([UInt8]([0x61, 0xC3, 0xA9]).withUnsafeBytes { TermSlice.isValidUTF8($0) })
        #expect(![UInt8]([0x61, 0xC3]).withUnsafeBytes { TermSlice.isValidUTF8($0) })
        #expect(![UInt8]([0xFF, 0x61]).withUnsafeBytes { TermSlice.isValidUTF8($0) })
        // What invalid bytes read as: a valid term holding U+FFFD is kept too.
        #expect([UInt8]([0x61, 0xEF, 0xBF, 0xBD]).withUnsafeBytes { TermSlice.holdsReplacementCharacter($0) })
        #expect(![UInt8]([0x61, 0xEF, 0xBF]).withUnsafeBytes { TermSlice.holdsReplacementCharacter($0) })
        #expect(![UInt8]([0x61, 0xC3, 0xA9]).withUnsafeBytes { TermSlice.holdsReplacementCharacter($0) })
    }

    /// A prefix is sliced on its third walk, not before: a command that walks once reads the segments.
    @Test static func aPrefixIsSlicedOnItsThirdWalk() throws {
        let analyzer = try Analyzer()
        let index = try onDisk(groups(seed: 2, segmentCount: 2), analyzer: analyzer)
        let cache = TermSliceCache()
        for walk in 1...4 {
            var terms = 0
            try cache.walk(index, startingWith: Array("a".utf8)) { _, _, _ in
                terms += 1
                return .next
            }
            #expect(terms > 0)
            #expect(cache.sliceCount == (walk >= TermSliceCache.walksBeforeSlicing ? 1 : 0), "walk \(walk)")
        }
    }

    /// Walks of one prefix at different frequency levels count together: the third walk of the prefix
    /// builds a slice even when no level was walked three times (a rare word's filtered walk then does not
    /// wait for three walks of its own level).
    @Test static func aPrefixWalkedAtMixedLevelsIsSlicedOnItsThirdWalk() throws {
        let analyzer = try Analyzer()
        let index = try onDisk(groups(seed: 2, segmentCount: 2), analyzer: analyzer)
        let cache = TermSliceCache()
        for (walk, minimum) in [(1, 4), (2, 1), (3, 2)] {
            try cache.walk(index, startingWith: Array("a".utf8), minimumFrequency: minimum) { _, _, _ in .next }
            #expect(cache.sliceCount == (walk >= TermSliceCache.walksBeforeSlicing ? 1 : 0), "walk \(walk)")
        }
    }

    /// Many prefixes walked in turn (some more often than others) under a limit that holds only some of
    /// their slices: the slices kept stay within the limit, and a prefix that does not fit is built again
    /// only when its walks have doubled — builds grow with the logarithm of the walks, not with them.
    @Test static func prefixesCompetingForRoomDoNotEvictEachOtherAtEveryWalk() throws {
        let analyzer = try Analyzer()
        let index = try onDisk(groups(seed: 4, segmentCount: 2), analyzer: analyzer)
        let prefixes = FuzzyTermWalkTests.manyLetters.map { Array(String($0).utf8) }
        let sizes = try prefixes.map { try #require(try TermSlice(index, startingWith: $0, byteLimit: .max)).byteCount }
        let cache = TermSliceCache(byteLimit: 4 * sizes.max()!)
        #expect(sizes.reduce(0, +) > 2 * cache.byteLimit, "the slices compete for the room")
        var walked = 0
        for round in 0..<30 {
            for (k, prefix) in prefixes.enumerated() where k % 3 != 0 || round % 2 == 0 {
                try cache.walk(index, startingWith: prefix) { _, _, _ in .next }
                walked += 1
                #expect(cache.heldBytes <= cache.byteLimit)
            }
        }
        #expect(walked > 700)
        #expect(cache.sliceCount > 0)
        #expect(cache.slicesBuilt < 6 * prefixes.count, "\(cache.slicesBuilt) slices built for \(walked) walks")
    }
}
