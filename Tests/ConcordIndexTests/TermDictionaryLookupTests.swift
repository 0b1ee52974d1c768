import Testing
@testable import ConcordIndex
import ConcordStorage
import ConcordTestSupport

/// Exact term lookups agree with a linear scan of every term, before and after the in-memory block
/// keys are built, on dictionaries of many blocks whose first terms often share 8 or more bytes.
@Suite struct TermDictionaryLookupTests {
    /// Random distinct terms in UTF-8 byte order: short and long, non-ASCII, the empty term, and
    /// families sharing long prefixes (so block keys tie and the file breaks the tie).
    static func randomTerms(count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SeededGenerator(seed: seed)
        let stems = ["", "a", "zz", "prefixprefix", "sharedstem-", "ΑΒΓΔΕΖΗΘ", "日本語テキスト", "x\u{0}y"]
        let letters = Array("abcdefz0é€ж".unicodeScalars)
        var set = Set<[UInt8]>([[]])
        while set.count < count {
            var term = stems[rng.int(0...stems.count - 1)]
            let length = rng.int(0...5) == 0 ? rng.int(20...200) : rng.int(0...6)
            for _ in 0..<length { term.unicodeScalars.append(letters[rng.int(0...letters.count - 1)]) }
            set.insert(Array(term.utf8))
        }
        return set.sorted { $0.lexicographicallyPrecedes($1) }
    }

    static func info(_ i: Int) -> TermInfo { TermInfo(documentFrequency: i % 7 + 1, docStart: i * 3 + 1, positionStart: i * 5) }

    static func write(_ terms: [[UInt8]], to directory: MemoryDirectory) throws -> FileIdentity {
        let identity = FileIdentity(high: 7, low: 9)
        let writer = try TermDictionaryWriter(directory: directory, name: "t.tdi", identity: identity)
        for (i, term) in terms.enumerated() { try writer.add(term: term, info: info(i)) }
        _ = try writer.finish()
        return identity
    }

    /// Present terms, their prefixes, extensions and neighbours, bytes before and after every term.
    static func probes(for terms: [[UInt8]], seed: UInt64) -> [[UInt8]] {
        var rng = SeededGenerator(seed: seed)
        var probes: [[UInt8]] = [[], [0], [0xFF], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], Array(repeating: 0x7A, count: 500)]
        for term in terms {
            probes.append(term)
            probes.append(term + [0])
            probes.append(term + [0x61])
            if !term.isEmpty {
                probes.append(Array(term.dropLast()))
                probes.append(Array(term.prefix(rng.int(0...term.count))))
                var bumped = term
                let i = rng.int(0...term.count - 1)
                if bumped[i] < 0xFF { bumped[i] += 1 } else { bumped[i] = 0 }
                probes.append(bumped)
            }
        }
        return probes.shuffled(using: &rng)
    }

    func check(_ dictionary: TermDictionary, _ probes: [[UInt8]], _ expected: [[UInt8]: TermInfo]) throws {
        for probe in probes {
            let found = try probe.withUnsafeBytes { try dictionary.lookup($0) }
            #expect(found == expected[probe], "\(probe)")
        }
    }

    @Test(arguments: [(1, 1 as UInt64), (31, 2), (32, 3), (33, 4), (500, 5), (4000, 6)])
    func lookupsEqualALinearScan(count: Int, seed: UInt64) throws {
        let terms = Self.randomTerms(count: count, seed: seed)
        let directory = MemoryDirectory()
        let identity = try Self.write(terms, to: directory)
        let dictionary = try TermDictionary(directory: directory, name: "t.tdi", identity: identity, verifyChecksum: true)
        var expected: [[UInt8]: TermInfo] = [:]
        for (i, term) in terms.enumerated() { expected[term] = Self.info(i) }
        let probes = Self.probes(for: terms, seed: seed)
        // A couple of lookups search the file; the keys are built only once probes add up to the blocks.
        try check(dictionary, Array(probes.prefix(2)), expected)
        if dictionary.blockCount > 40 { #expect(!dictionary.hasBlockKeys) }
        try check(dictionary, probes, expected)
        #expect(dictionary.hasBlockKeys, "many lookups build the in-memory block keys")
        try check(dictionary, probes, expected)
        // Iterating from a term starts at or before the first term >= it.
        for probe in probes.prefix(200) where !probe.isEmpty {
            var iterator = try dictionary.makeIterator(from: probe)
            var term: [UInt8] = []
            var first: [UInt8]?
            var started = false
            while try iterator.next(into: &term) != nil {
                if !started { #expect(!probe.lexicographicallyPrecedes(term) || term == terms[0]); started = true }
                if !term.lexicographicallyPrecedes(probe) { first = term; break }
            }
            #expect(first == terms.first { !$0.lexicographicallyPrecedes(probe) })
        }
        // String lookups go through the same path.
        for term in terms.prefix(50) {
            if let string = String(validating: term, as: UTF8.self) { #expect(try dictionary.lookup(string) == expected[term]) }
        }
    }

    /// Damaged dictionary bytes give errors or answers, never traps, whether or not the keys get built.
    @Test func damagedDictionariesThrowStorageErrors() throws {
        let terms = Self.randomTerms(count: 700, seed: 11)
        let clean = MemoryDirectory()
        let identity = try Self.write(terms, to: clean)
        let bytes = try #require(clean.contents(of: "t.tdi"))
        let probes = Self.probes(for: terms, seed: 12)
        var rng = SeededGenerator(seed: 13)
        var errors = 0
        for _ in 0..<60 {
            var damaged = bytes
            for _ in 0..<rng.int(1...6) { damaged[rng.int(0...damaged.count - 1)] = UInt8(rng.int(0...255)) }
            let directory = MemoryDirectory()
            directory.overwrite("t.tdi", with: damaged)
            guard let dictionary = try? TermDictionary(directory: directory, name: "t.tdi", identity: identity, verifyChecksum: false) else { continue }
            for probe in probes {
                do { _ = try probe.withUnsafeBytes { try dictionary.lookup($0) } } catch {
                    #expect(error is StorageError)
                    errors += 1
                }
            }
        }
        #expect(errors > 0, "some damage is detected")
    }
}
