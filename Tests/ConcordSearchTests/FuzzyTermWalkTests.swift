import ConcordAnalysis
import ConcordIndex
import ConcordStorage
import Testing
@testable import ConcordSearch

/// The fuzzy dictionary walk (shared edit-distance rows, skipping pruned prefixes) against brute force:
/// every term of the segment compared with `EditDistance`, on random dictionaries whose words mix one-,
/// two- and three-byte scalars (so shared byte prefixes end inside scalars).
enum FuzzyTermWalkTests {
    static let letters: [Character] = Array("abcdeжщяλ€")
    static let manyLetters: [Character] = Array("abcdefghijklmnopqrstuvwxyzжщяλ€")

    static func corpus(seed: UInt64, words wordCount: Int, letters: [Character] = letters,
                       lengths: ClosedRange<Int> = 1...7) -> (documents: [[String: String]], words: [String]) {
        var rng = SeededGenerator(seed: seed)
        let words = (0..<wordCount).map { _ in String((0..<rng.int(lengths)).map { _ in rng.pick(letters) }) }
        let documents = (0..<(wordCount / 4)).map { i in
            ["id": "doc-\(i)", "body": (0..<12).map { _ in rng.pick(words) }.joined(separator: " ")]
        }
        return (documents, words)
    }

    /// Terms within `edits` of `word` by comparing with every term, with summed document frequencies.
    static func bruteForce<Segment: SearchableSegment>(_ word: String, edits: Int, in segments: [Segment]) throws -> [String: (Int, Int)] {
        let matcher = EditDistance(word)
        var found: [String: (Int, Int)] = [:]
        for segment in segments {
            try segment.forEachTerm(withPrefix: "") { term, df in
                if let distance = matcher.distance(to: term, limit: edits) {
                    found[term, default: (distance, 0)].1 += df
                }
                return true
            }
        }
        return found
    }

    static func expanded<Index: SearchableIndex>(_ word: String, edits: Int, in index: Index,
                                                 prefixLength: Int = 0) throws -> [String: (Int, Int)] {
        var found: [String: (Int, Int)] = [:]
        for entry in try TermExpander.fuzzy(word, maxEdits: edits, in: index, limit: Int.max, prefixLength: prefixLength).entries {
            #expect(found[entry.term] == nil, "\(entry.term) expanded twice")
            found[entry.term] = (entry.distance, entry.documentFrequency)
        }
        return found
    }

    @Test static func fuzzyExpansionEqualsBruteForceOnDiskAndInMemory() throws {
        let analyzer = try Analyzer()
        let (documents, words) = corpus(seed: 91, words: 900)
        let disk = try OnDiskSearchTests.onDisk(documents, deleted: [3, 40], analyzer: analyzer)
        let memory = InMemoryIndex(segments: [InMemorySegment(documents: documents, tokenizer: analyzer)])
        var rng = SeededGenerator(seed: 17)
        var queries = ["", "a", "ж", "€€", "abcdeжщ"]
        for _ in 0..<60 { queries.append(rng.pick(words)) }
        for _ in 0..<60 { queries.append(String((0..<rng.int(1...8)).map { _ in rng.pick(letters) })) }
        var matched = 0
        for query in queries {
            for edits in 0...2 {
                let want = try bruteForce(query, edits: edits, in: disk.segments)
                let got = try expanded(query, edits: edits, in: disk)
                #expect(got.mapValues { [$0.0, $0.1] } == want.mapValues { [$0.0, $0.1] }, "\(query)~\(edits) on disk")
                let wantMemory = try bruteForce(query, edits: edits, in: memory.segments)
                let gotMemory = try expanded(query, edits: edits, in: memory)
                #expect(gotMemory.mapValues { [$0.0, $0.1] } == wantMemory.mapValues { [$0.0, $0.1] }, "\(query)~\(edits) in memory")
                matched += got.count
                // A required prefix keeps exactly the terms that repeat the word's first characters (the
                // whole word when it is shorter).
                for prefixLength in 1...2 {
                    let head = Array(query.unicodeScalars.prefix(prefixLength))
                    let wantPrefixed = want.filter { Array($0.key.unicodeScalars.prefix(head.count)) == head }
                    let gotPrefixed = try expanded(query, edits: edits, in: disk, prefixLength: prefixLength)
                    #expect(gotPrefixed.mapValues { [$0.0, $0.1] } == wantPrefixed.mapValues { [$0.0, $0.1] },
                            "\(query)~\(edits) with prefix \(prefixLength)")
                }
            }
        }
        #expect(matched > 500, "the queries must find something to compare")
    }

    /// Words made of syllables, so that terms share prefixes as a language's words do.
    static func syllableCorpus(seed: UInt64, words wordCount: Int) -> [[String: String]] {
        var rng = SeededGenerator(seed: seed)
        let syllables = ["ka", "lo", "mi", "str", "en", "qu", "bar", "ol", "tze", "ri", "nd", "ju", "pa", "ve", "sch", "or",
                         "wy", "ex", "il", "gno", "жа", "λο"]
        let words = (0..<wordCount).map { _ in (0..<rng.int(2...4)).map { _ in rng.pick(syllables) }.joined() }
        return (0..<(wordCount / 4)).map { i in
            ["id": "doc-\(i)", "body": (0..<12).map { _ in rng.pick(words) }.joined(separator: " ")]
        }
    }

    /// The walk skips: for words of five letters and more (two edits) and of four (one edit), most of a
    /// dictionary of thousands of terms is never visited (if this fails, fuzzy expansion and "did you
    /// mean" went back to comparing every term).
    @Test static func fuzzyWalkVisitsFewTermsOfALargeDictionary() throws {
        let analyzer = try Analyzer()
        let disk = try OnDiskSearchTests.onDisk(syllableCorpus(seed: 5, words: 8000), deleted: [], analyzer: analyzer)
        let segment = disk.segments[0]
        var total = 0
        try segment.forEachTerm(withPrefix: "") { _, _ in total += 1; return true }
        #expect(total > 3000)
        for (word, edits) in [("kalomistr", 2), ("quenbarol", 2), ("schжaλο", 2), ("tzeri", 2), ("juve", 1)] {
            var walk = FuzzyTermWalk(source: Array(word.unicodeScalars), maxEdits: edits)
            var visited = 0
            var found: Set<String> = []
            try segment.walkTerms { term, _ in
                visited += 1
                let (step, distance) = walk.visit(term)
                if distance != nil { found.insert(String(decoding: term, as: UTF8.self)) }
                return step
            }
            #expect(found == Set(try bruteForce(word, edits: edits, in: disk.segments).keys), "\(word)")
            #expect(visited * 4 < total, "\(word)~\(edits): visited \(visited) of \(total) terms")
        }
    }

    /// Skips on disk (stepping over entries within a block, jumping over blocks) visit exactly the terms
    /// the reference walk (every term compared) visits, for random skip decisions, some of them long
    /// runs (a one-byte prefix spans many blocks); each visit reports what the term shares with the
    /// term visited before it; a walk restricted to a prefix visits the same terms as the reference's.
    @Test static func onDiskWalkSkipsExactlyLikeTheReference() throws {
        let analyzer = try Analyzer()
        let (documents, _) = corpus(seed: 23, words: 4000, letters: manyLetters, lengths: 2...8)
        let disk = try OnDiskSearchTests.onDisk(documents, deleted: [], analyzer: analyzer).segments[0]
        let memory = InMemorySegment(documents: documents, tokenizer: analyzer)
        for seed in 0..<45 as Range<UInt64> {
            // A third of the walks visit only the terms that start with a given letter.
            var letters = SeededGenerator(seed: seed &+ 1000)
            let required = seed % 3 == 2 ? Array(String(letters.pick(manyLetters)).utf8) : []
            func walk<Segment: SearchableSegment>(_ segment: Segment) throws -> [[UInt8]] {
                var rng = SeededGenerator(seed: seed)
                var visited: [[UInt8]] = []
                try segment.walkTerms(startingWith: required) { bytes, shared, _ in
                    let term = Array(bytes)
                    #expect(term.starts(with: required), "seed \(seed): \(term) outside \(required)")
                    let previous = visited.last ?? []
                    #expect(shared == zip(term, previous).prefix { $0 == $1 }.count, "seed \(seed): \(term) after \(previous)")
                    visited.append(term)
                    if visited.count > 400 && seed.isMultiple(of: 5) { return .stop }
                    let roll = rng.int(0...9)
                    let longest = seed.isMultiple(of: 3) ? 1 : 4
                    return roll < 3 && !term.isEmpty ? .skip(prefixLength: rng.int(1...min(term.count, longest))) : .next
                }
                return visited
            }
            let got = try walk(disk), want = try walk(memory)
            #expect(got == want, "seed \(seed)")
            #expect(got.count > (required.isEmpty ? 10 : 0), "seed \(seed)")
        }
    }
}

/// "Did you mean" keeps the word's first letter (Lucene's and Elasticsearch's default prefix of 1): a
/// misspelling after it is respelled, one in the first letter is not, although fuzzy expansion without
/// the prefix finds the same term.
@Test func suggestionsKeepTheFirstLetter() throws {
    let analyzer = try Analyzer()
    let documents = (0..<6).map { ["id": "doc-\($0)", "title": "Khrushchev met Kennedy in Vienna"] }
    let index = InMemoryIndex(segments: [InMemorySegment(documents: documents, tokenizer: analyzer)])
    let suggester = SpellingSuggester(index: index, tokenizer: analyzer)
    #expect(try suggester.suggestion(for: "Khruschev") == "Khrushchev")
    #expect(try suggester.suggestion(for: "Hrushchev") == nil)
    let unprefixed = try TermExpander.fuzzy(analyzer.tokens("Hrushchev")[0].term, maxEdits: 2, in: index)
    #expect(unprefixed.terms.contains(analyzer.tokens("Khrushchev")[0].term))
}

/// Terms that are not valid UTF-8 (a damaged dictionary) are matched as `String(decoding:as:)` repairs
/// them, scalars cut inside a shared byte prefix included, and skips leave out exactly the terms with
/// the skipped prefix: random byte strings, sorted, walked as a dictionary would be.
@Test func fuzzyWalkOverInvalidUTF8EqualsBruteForce() {
    var rng = SeededGenerator(seed: 31)
    let alphabet: [UInt8] = [0x61, 0x62, 0x63, 0x80, 0xA2, 0xBF, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0xFF]
    var terms = Set<[UInt8]>()
    while terms.count < 3000 { terms.insert((0..<rng.int(1...7)).map { _ in rng.pick(alphabet) }) }
    let sorted = terms.sorted { $0.lexicographicallyPrecedes($1) }
    for _ in 0..<40 {
        let word = String(decoding: (0..<rng.int(1...6)).map { _ in rng.pick(alphabet) }, as: UTF8.self)
        for edits in 1...2 {
            for prefixLength in 0...1 {
                var walk = FuzzyTermWalk(source: Array(word.unicodeScalars), maxEdits: edits, prefixLength: prefixLength)
                var found: [[UInt8]: Int] = [:]
                var skipped: [UInt8]?
                for term in sorted {
                    if let prefix = skipped, term.starts(with: prefix) { continue }
                    skipped = nil
                    let (step, distance) = walk.visit(term)
                    if let distance { found[term] = distance }
                    if case .skip(let length) = step { skipped = Array(term.prefix(length)) }
                }
                let matcher = EditDistance(word)
                let head = Array(word.unicodeScalars.prefix(prefixLength))
                var want: [[UInt8]: Int] = [:]
                for term in sorted {
                    let text = String(decoding: term, as: UTF8.self)
                    guard Array(text.unicodeScalars.prefix(head.count)) == head else { continue }
                    if let distance = matcher.distance(to: text, limit: edits) { want[term] = distance }
                }
                #expect(found == want, "\(word.unicodeScalars.map { $0.value })~\(edits) prefix \(prefixLength)")
            }
        }
    }
}
