import ConcordAnalysis
import ConcordIndex
import ConcordStorage
import Testing
@testable import ConcordSearch

/// The fast paths of "did you mean" against exhaustive evaluation: the incremental edit-distance rows
/// against the whole unbanded table, and the suggester's choice (one dictionary walk per rare word,
/// matches picked without a sort) against a scan of every term with `EditDistance`.
enum SpellingSuggesterExhaustiveTests {
    /// The whole optimal-string-alignment table of `source` against `candidate`, unbanded.
    static func fullTable(_ source: [UInt32], _ candidate: [UInt32]) -> [[Int]] {
        let n = source.count, m = candidate.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: n + 1), count: m + 1)
        for j in 0...n { table[0][j] = j }
        guard m > 0 else { return table }
        for i in 1...m {
            table[i][0] = i
            guard n > 0 else { continue }
            for j in 1...n {
                var best = min(table[i - 1][j - 1] + (source[j - 1] == candidate[i - 1] ? 0 : 1),
                               table[i - 1][j] + 1, table[i][j - 1] + 1)
                if i > 1, j > 1, source[j - 1] == candidate[i - 2], source[j - 2] == candidate[i - 1] {
                    best = min(best, table[i - 2][j - 2] + 1)
                }
                table[i][j] = best
            }
        }
        return table
    }

    /// Every row the walk appends (after truncations to a shared prefix, as a sorted dictionary causes):
    /// its minimum is the band's minimum of the full table capped at `limit + 1`, and the distance is the
    /// full table's corner when it is within the limit.
    @Test static func incrementalRowsEqualTheFullTable() {
        var rng = SeededGenerator(seed: 23)
        let letters: [Unicode.Scalar] = Array("abcab€ж".unicodeScalars)
        var checked = 0
        for _ in 0..<400 {
            let source = (0..<rng.int(0...9)).map { _ in rng.pick(letters) }
            let limit = rng.int(0...2)
            var rows = EditDistanceRows(source: source, limit: limit)
            var candidate: [Unicode.Scalar] = []
            for _ in 0..<12 {
                let kept = rng.int(0...candidate.count)
                candidate.removeLast(candidate.count - kept)
                rows.truncate(to: kept)
                for _ in 0..<rng.int(1...4) {
                    let scalar = rng.pick(letters)
                    candidate.append(scalar)
                    let minimum = rows.append(scalar)
                    let table = fullTable(source.map(\.value), candidate.map(\.value))
                    let i = candidate.count
                    let band = (0...source.count).filter { abs($0 - i) <= limit }
                    let want = min(limit + 1, band.map { table[i][$0] }.min() ?? limit + 1)
                    #expect(minimum == want, "row \(i) of \(String(String.UnicodeScalarView(candidate))) against \(String(String.UnicodeScalarView(source))) within \(limit)")
                    #expect(rows.minimum(ofRow: i) == want)
                    if i > 1 {
                        let before = (0...source.count).filter { abs($0 - (i - 1)) <= limit }
                        #expect(rows.minimum(ofRow: i - 1) == min(limit + 1, before.map { table[i - 1][$0] }.min() ?? limit + 1))
                    }
                    let corner = table[i][source.count]
                    #expect(rows.distance == (corner <= limit ? corner : nil))
                    checked += 1
                }
            }
        }
        #expect(checked > 5000)
    }

    /// The suggester's correction of a lone rare word: the most frequent term (ties: the smaller bytes)
    /// that starts with the word's first scalar, lies within AUTO edits (not 0) and occurs in more
    /// documents than the word, found by comparing the word with every term of every segment.
    static func bruteForceBest<Index: SearchableIndex>(_ word: String, own: Int, minimumDocuments: Int,
                                                       in index: Index) throws -> (term: String, df: Int)? {
        let matcher = EditDistance(word)
        let limit = EditDistance.automaticEdits(forLength: word.unicodeScalars.count)
        var frequencies: [String: Int] = [:]
        for segment in index.segments {
            try segment.forEachTerm(withPrefix: "") { term, df in
                if term.unicodeScalars.first == word.unicodeScalars.first,
                   let distance = matcher.distance(to: term, limit: limit), distance > 0 {
                    frequencies[term, default: 0] += df
                }
                return true
            }
        }
        let best = frequencies.filter { $0.value > own && $0.value >= minimumDocuments }.max { a, b in
            a.value != b.value ? a.value < b.value : b.key.utf8.lexicographicallyPrecedes(a.key.utf8)
        }
        return best.map { ($0.key, $0.value) }
    }

    static func check<Index: SearchableIndex>(_ index: Index, words: [String], analyzer: Analyzer,
                                              rare: Int, minimumDocuments: Int) throws -> Int {
        let suggester = SpellingSuggester(index: index, tokenizer: analyzer, rareDocumentFrequency: rare,
                                          minimumDocuments: minimumDocuments)
        var corrected = 0
        for word in words {
            let tokens = analyzer.tokens(word)
            guard tokens.count == 1, let token = tokens.first, !token.isStopWord, token.term == word,
                  word.unicodeScalars.count >= 3 else { continue }
            let own = try index.segments.reduce(0) { $0 + (try $1.liveDocumentFrequency(of: word)) }
            let got = try suggester.corrections(for: word)
            guard own <= rare, let want = try bruteForceBest(word, own: own, minimumDocuments: minimumDocuments, in: index),
                  let surface = try suggester.surfaceForm(of: want.term) else {
                #expect(got.isEmpty, "\(word): \(got)")
                continue
            }
            #expect(got == [SpellingSuggester<Index, Analyzer>.Correction(
                range: 0..<word.unicodeScalars.count, original: word, replacement: surface.lowercased(),
                documentFrequency: want.df)], "\(word)")
            corrected += 1
        }
        return corrected
    }

    @Test static func correctionsEqualAScanOfEveryTerm() throws {
        let analyzer = try Analyzer()
        let documents = FuzzyTermWalkTests.syllableCorpus(seed: 31, words: 3000)
        let disk = try OnDiskSearchTests.onDisk(documents, deleted: [2, 50, 51], analyzer: analyzer)
        let memory = InMemoryIndex(segments: [
            InMemorySegment(documents: Array(documents[..<300]), tokenizer: analyzer),
            InMemorySegment(documents: Array(documents[300...]), tokenizer: analyzer),
        ])
        var rng = SeededGenerator(seed: 8)
        let syllables = ["ka", "lo", "mi", "str", "en", "qu", "bar", "ol", "tze", "ri", "nd", "ju", "pa", "ve", "sch",
                         "or", "wy", "ex", "il", "gno", "жа", "λο", "x", "a"]
        let words = (0..<300).map { _ in (0..<rng.int(2...4)).map { _ in rng.pick(syllables) }.joined() }
        var corrected = 0
        for (rare, minimum) in [(0, 1), (3, 1), (3, 4)] {
            corrected += try check(disk, words: words, analyzer: analyzer, rare: rare, minimumDocuments: minimum)
            corrected += try check(memory, words: words, analyzer: analyzer, rare: rare, minimumDocuments: minimum)
        }
        #expect(corrected > 100, "the words must be corrected often enough to compare")
    }

    /// `skipExtensions` on disk (entries stepped over by their byte after the prefix, blocks jumped over
    /// the run of that byte) skips exactly the terms the reference walk skips, term by term.
    @Test static func onDiskWalkSkipsExtensionsExactlyLikeTheReference() throws {
        let analyzer = try Analyzer()
        let (documents, _) = FuzzyTermWalkTests.corpus(seed: 29, words: 5000, letters: FuzzyTermWalkTests.manyLetters,
                                                       lengths: 2...7)
        let disk = try OnDiskSearchTests.onDisk(documents, deleted: [], analyzer: analyzer).segments[0]
        let memory = InMemorySegment(documents: documents, tokenizer: analyzer)
        var visitedTotal = 0
        for seed in 0..<40 as Range<UInt64> {
            var letters = SeededGenerator(seed: seed &+ 500)
            let required = seed % 4 == 3 ? Array(String(letters.pick(FuzzyTermWalkTests.manyLetters)).utf8) : []
            func walk<Segment: SearchableSegment>(_ segment: Segment) throws -> [[UInt8]] {
                var rng = SeededGenerator(seed: seed)
                var visited: [[UInt8]] = []
                try segment.walkTerms(startingWith: required) { bytes, shared, _ in
                    let term = Array(bytes)
                    let previous = visited.last ?? []
                    #expect(shared == zip(term, previous).prefix { $0 == $1 }.count, "seed \(seed): \(term) after \(previous)")
                    visited.append(term)
                    let roll = rng.int(0...9)
                    guard roll < 6 else { return roll == 9 ? .skip(prefixLength: rng.int(0...term.count)) : .next }
                    var kept = ASCIIByteSet()
                    for _ in 0..<rng.int(0...20) { kept.insert(UInt8(rng.int(97...122))) }
                    // Short prefixes make runs that span blocks.
                    let length = rng.int(0...min(term.count, seed.isMultiple(of: 2) ? 1 : 3))
                    return .skipExtensions(prefixLength: length, kept: kept)
                }
                return visited
            }
            let got = try walk(disk), want = try walk(memory)
            #expect(got == want, "seed \(seed)")
            #expect(!got.isEmpty, "seed \(seed)")
            visitedTotal += got.count
        }
        #expect(visitedTotal > 300, "the walks must visit enough terms to compare")
    }

    /// The fuzzy walk skips by the byte after a row at the limit (if this fails, it went back to visiting
    /// every term that goes on with a letter the word lacks).
    @Test static func fuzzyWalkSkipsExtensionsByLettersTheWordLacks() throws {
        let analyzer = try Analyzer()
        let disk = try OnDiskSearchTests.onDisk(FuzzyTermWalkTests.syllableCorpus(seed: 7, words: 4000), deleted: [],
                                                analyzer: analyzer)
        var steps = 0
        for word in ["kalomi", "strenqu", "barolt"] {
            var walk = FuzzyTermWalk(source: Array(word.unicodeScalars), maxEdits: 2, prefixLength: 1)
            try disk.segments[0].walkTerms(startingWith: Array(word.utf8.prefix(1))) { bytes, shared, _ in
                let (step, _) = walk.visit(bytes, shared: shared)
                if case .skipExtensions = step { steps += 1 }
                return step
            }
        }
        #expect(steps > 20)
    }
}
