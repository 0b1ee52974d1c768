import ConcordTestSupport
import Testing
@_spi(Testing) @testable import ConcordAnalysis

/// `resumePoint` names a word from which segmenting the rest of the text finds the same words: checked
/// against `wordSpans` of the whole text on random ASCII texts full of the rules' edge cases (joining
/// `.` `'` `,` `;`, `_`, `@`, digits, a word too long to keep, runs of punctuation and whitespace).
@Suite struct ResumePointTests {
    static let pieces = ["river", "U.S.", "don't", "1,000.5", "3;4", "node.js", "_", "a_b", "__x", "user@host", "@",
                         "x.", ".y", "it's", "9'", "--", "(", ")", "a-b", "e.g.", "R2D2", "'", String(repeating: "z", count: 300),
                         "\n", "\t", "  ", ",", ";"]

    static func randomText(_ rng: inout SeededGenerator, words: Int) -> String {
        var text = ""
        for _ in 0..<words {
            text += rng.pick(pieces)
            text += rng.chance(0.7) ? " " : (rng.chance(0.5) ? "" : rng.pick(["\n", ". ", ", ", "-", "/"]))
        }
        return text
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func segmentingFromTheResumePointFindsTheSameWords(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let analyzer = try Analyzer()
        var resumed = 0
        for _ in 0..<60 {
            let text = Self.randomText(&rng, words: rng.int(20...1_500))
            let spans = analyzer.wordSpans(text)
            guard spans.count > 1 else { continue }
            let word = rng.int(1...(spans.count - 1))
            let margin = rng.pick([0, 1, 8, 64, 200])
            guard let point = analyzer.resumePoint(text, before: word, margin: margin) else {
                // Only when no word but the first starts far enough before.
                #expect(!spans[1..<word].contains { $0.start < spans[word].start - margin }, "seed \(seed): no resume point for word \(word)")
                continue
            }
            resumed += 1
            // The latest word that starts more than `margin` before word `word`.
            #expect(point.word > 0 && point.word < word)
            #expect(spans[point.word].start == point.offset)
            #expect(spans[point.word].start < spans[word].start - margin)
            #expect(spans[point.word + 1].start >= spans[word].start - margin)
            // The rest of the text, segmented alone, gives the same words from there on.
            let rest = String(text.utf8.dropFirst(point.offset))!
            let restSpans = analyzer.wordSpans(rest)
            #expect(restSpans.count == spans.count - point.word)
            for (k, span) in restSpans.enumerated() where k + point.word < spans.count {
                let whole = spans[k + point.word]
                #expect(span.position == k && span.start + point.offset == whole.start && span.end + point.offset == whole.end,
                        "seed \(seed): word \(k + point.word) differs when resumed at \(point.word)")
            }
        }
        #expect(resumed > 20, "seed \(seed): only \(resumed) resume points")
    }

    /// `wordCount` of an ASCII text, counted from its bytes without folding, equals the number of words
    /// `wordSpans` numbers, on the same edge cases (and on texts of a few bytes, and no words at all); so
    /// does the count a resume point's scan reports when the word asked for is past the last.
    @Test(arguments: [UInt64(5), 6, 7])
    func asciiWordCountsEqualTheWordsSegmented(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let analyzer = try Analyzer()
        for _ in 0..<80 {
            let text = Self.randomText(&rng, words: rng.int(0...1_200))
            let count = analyzer.wordSpans(text).count
            #expect(analyzer.wordCount(text) == count, "seed \(seed): \(text.prefix(80))")
            // A resume point asked for past the last word reports the words found instead.
            var fewer: Int?
            let word = count + rng.int(0...3)
            _ = analyzer.resumePoint(text, before: max(1, word), margin: 64, wordsIfFewer: &fewer)
            if word >= 1, text.utf8.count <= Analyzer.sliceBytes { #expect(fewer == count, "seed \(seed): \(String(describing: fewer)) words reported of \(count)") }
            if count > 2 {
                fewer = nil
                _ = analyzer.resumePoint(text, before: count - 1, margin: 64, wordsIfFewer: &fewer)
                #expect(fewer == nil, "seed \(seed): fewer words reported for a word the text has")
            }
        }
        for text in ["", " ", "--", "_", "@", "a", "9'", "x.", String(repeating: "z", count: 300), "é river"] {
            #expect(analyzer.wordCount(text) == analyzer.wordSpans(text).count, "\(text.prefix(20))")
        }
    }

    /// Long ASCII texts of mostly plain words (lower and upper case, digits, `@`) with the rules' edge
    /// cases now and then: the words `skipASCIIWords` counts before its place are those `wordSpans`
    /// numbers there, the place is a word's start or the text's end, it passes most of the words allowed
    /// (eight bytes at a time), and the resume points found through it are the latest word more than
    /// `margin` before the word asked for, as the word-by-word scan finds them.
    @Test(arguments: [UInt64(16), 17, 18])
    func plainStretchesSkippedEightBytesAtATimeCountTheSameWords(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let analyzer = try Analyzer()
        let plain = ["river", "Stone", "a", "of", "R2D2", "1999", "x@y", "quartz", "harbor", "it", "Ab"]
        var farSkips = 0
        for _ in 0..<60 {
            var text = ""
            let edgeShare = rng.pick([0.0, 0.01, 0.05, 0.3])
            for _ in 0..<rng.int(0...2_000) {
                text += rng.chance(edgeShare) ? rng.pick(Self.pieces) : rng.pick(plain)
                text += rng.chance(0.85) ? " " : rng.pick(["\n", "  ", "-", "/", "(", ") ", ". ", ", "])
            }
            let spans = analyzer.wordSpans(text)
            var copy = text
            copy.withUTF8 { bytes in
                for limit in [0, 1, 7, spans.count / 2, spans.count - 1, spans.count, spans.count + 5] where limit >= 0 {
                    let (offset, words, plainBytes) = Analyzer.skipASCIIWords(bytes, atMost: limit)
                    #expect(plainBytes <= offset)
                    #expect(words <= limit && words <= spans.count)
                    let before = spans.prefix { $0.start < offset }.count
                    #expect(words == before, "seed \(seed): \(words) words counted before byte \(offset), \(before) segmented")
                    #expect(offset == bytes.count || (words < spans.count && spans[words].start >= offset),
                            "seed \(seed): byte \(offset) is inside a word")
                    if edgeShare == 0, limit == spans.count / 2, limit > 100 {
                        // Plain text: most of it passed eight bytes at a time.
                        if plainBytes * 4 >= offset * 3 { farSkips += 1 }
                    }
                }
            }
            guard spans.count > 1, text.utf8.count <= Analyzer.sliceBytes else { continue }
            for _ in 0..<4 {
                let word = rng.int(1...(spans.count - 1))
                let margin = rng.pick([0, 8, 64, 200])
                guard let point = analyzer.resumePoint(text, before: word, margin: margin) else {
                    #expect(!spans[1..<word].contains { $0.start < spans[word].start - margin }, "seed \(seed): no resume point for word \(word)")
                    continue
                }
                #expect(point.word > 0 && point.word < word && spans[point.word].start == point.offset)
                #expect(spans[point.word].start < spans[word].start - margin)
                #expect(spans[point.word + 1].start >= spans[word].start - margin)
            }
        }
        #expect(farSkips > 3, "seed \(seed): plain texts are skipped up to the limit (\(farSkips) times)")
    }

    /// Texts with non-ASCII words among ASCII ones (ICU's runs): a resume point, when given, is a word
    /// more than `margin` scalars before word `word`, its offset in bytes, from which the rest segmented
    /// alone gives the same words; the words counted when `word` is past the last are the text's.
    @Test(arguments: [UInt64(8), 9, 10])
    func mixedTextsResumeWhereTheRestSegmentsAlike(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let analyzer = try Analyzer()
        let foreign = ["café", "Łódź", "中华人民", "naïve", "ﬁne", "(été)", "x\u{301}y", "—", "«river»", "日本 語", "İstanbul", "ß."]
        var resumed = 0
        for _ in 0..<60 {
            var text = ""
            let share = rng.pick([0.01, 0.1, 0.4, 0.97])
            for _ in 0..<rng.int(20...1_500) {
                text += rng.chance(share) ? rng.pick(foreign) : rng.pick(Self.pieces)
                text += rng.chance(0.7) ? " " : (rng.chance(0.5) ? "" : rng.pick(["\n", ". ", ", ", "-", "/"]))
            }
            guard text.utf8.count <= Analyzer.sliceBytes else { continue }
            let spans = analyzer.wordSpans(text)
            var fewer: Int?
            _ = analyzer.resumePoint(text, before: spans.count + rng.int(0...2), margin: 64, wordsIfFewer: &fewer)
            if !spans.isEmpty { #expect(fewer == spans.count, "seed \(seed): \(String(describing: fewer)) words counted of \(spans.count)") }
            guard spans.count > 1 else { continue }
            let word = rng.int(1...(spans.count - 1))
            let margin = rng.pick([0, 1, 8, 64, 200])
            fewer = nil
            guard let point = analyzer.resumePoint(text, before: word, margin: margin, wordsIfFewer: &fewer) else { continue }
            #expect(fewer == nil)
            resumed += 1
            #expect(point.word > 0 && point.word < word)
            // Offsets: the point's in bytes, the spans' in scalars. The point lies after the word before and
            // at most at the start of the word it names.
            let scalarOffset = String(decoding: text.utf8.prefix(point.offset), as: UTF8.self).unicodeScalars.count
            #expect(spans[point.word - 1].end <= scalarOffset && scalarOffset <= spans[point.word].start,
                    "seed \(seed): resume word \(point.word) is not at byte \(point.offset)")
            #expect(scalarOffset < spans[word].start - margin)
            let rest = String(text.utf8.dropFirst(point.offset))!
            let restSpans = analyzer.wordSpans(rest)
            #expect(restSpans.count == spans.count - point.word, "seed \(seed): \(restSpans.count) words after the resume point")
            for (k, span) in restSpans.enumerated() where k + point.word < spans.count {
                let whole = spans[k + point.word]
                #expect(span.position == k && span.start + scalarOffset == whole.start && span.end + scalarOffset == whole.end,
                        "seed \(seed): word \(k + point.word) differs when resumed at \(point.word)")
            }
        }
        #expect(resumed > 20, "seed \(seed): only \(resumed) resume points")
    }

    /// A long ASCII run, then a non-ASCII run whose first counted part holds the word: the resume point is
    /// one of the ASCII run's last words, more than `margin` scalars before that part (the places there
    /// must all be kept, however far the word lies past the run).
    @Test func aWordInANonASCIIPartAfterALongASCIIRunResumesInThatRun() throws {
        let analyzer = try Analyzer()
        let ascii = Array(repeating: "river stone", count: 100).joined(separator: " ")
        let text = ascii + " " + Array(repeating: "café", count: 600).joined(separator: " ")
        let spans = analyzer.wordSpans(text)
        let point = try #require(analyzer.resumePoint(text, before: 270, margin: 64))
        #expect(point.word > 150 && point.word < 200, "resumed at word \(point.word)")
        let scalarOffset = String(decoding: text.utf8.prefix(point.offset), as: UTF8.self).unicodeScalars.count
        #expect(scalarOffset == spans[point.word].start)
        #expect(scalarOffset < spans[200].start - 64)
    }

    /// The runs `forEachRun` finds (passing ASCII stretches eight bytes at a time) are those of a byte
    /// by byte reading of the analyzer's rule, on random texts of ASCII words, non-ASCII words, every
    /// kind of ASCII whitespace and punctuation; and stopping early stops there.
    @Test(arguments: [UInt64(14), 15])
    func runsFoundByWordsEqualRunsFoundByBytes(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let pieces = ["river", "é", "café", "中华", "x", "--", "(", "\u{301}", "ß", "9", "’", "a.b"]
        let gaps = [" ", "  ", "\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "", ".", " -", "\u{A0}", " \u{3000}"]
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<rng.int(0...60) { text += rng.pick(pieces) + rng.pick(gaps) }
            var bytes = Array(text.utf8)
            let want = Self.runsByBytes(bytes)
            var got: [[Int]] = []
            bytes.withUnsafeMutableBufferPointer { buffer in
                Analyzer.forEachRun(UnsafeBufferPointer(buffer)) { start, end, isASCII in
                    got.append([start, end, isASCII ? 1 : 0])
                    return true
                }
            }
            #expect(got == want, "seed \(seed): \(text.debugDescription)")
            if want.count > 1 {
                var first: [[Int]] = []
                bytes.withUnsafeMutableBufferPointer { buffer in
                    Analyzer.forEachRun(UnsafeBufferPointer(buffer)) { start, end, isASCII in
                        first.append([start, end, isASCII ? 1 : 0])
                        return false
                    }
                }
                #expect(first == [want[0]])
            }
        }
    }

    /// The analyzer's rule read byte by byte: a block starts at a printable ASCII byte after ASCII
    /// whitespace; consecutive blocks alike in being ASCII make one run.
    static func runsByBytes(_ bytes: [UInt8]) -> [[Int]] {
        var runs: [[Int]] = []
        var blocks: [(Int, Bool)] = []
        for (i, byte) in bytes.enumerated() {
            let whitespace = i > 0 && (bytes[i - 1] == 0x20 || (bytes[i - 1] >= 0x09 && bytes[i - 1] <= 0x0D))
            if i == 0 || (byte >= 0x21 && byte <= 0x7E && whitespace) { blocks.append((i, true)) }
            if byte >= 0x80 { blocks[blocks.count - 1].1 = false }
        }
        for (k, block) in blocks.enumerated() {
            let end = k + 1 < blocks.count ? blocks[k + 1].0 : bytes.count
            if let last = runs.last, (last[2] == 1) == block.1 {
                runs[runs.count - 1][1] = end
            } else {
                runs.append([block.0, end, block.1 ? 1 : 0])
            }
        }
        return runs
    }

    /// No resume point for word 0, past the last word, or with no word but the first far enough before;
    /// a non-ASCII word in the text does not prevent one.
    @Test func noResumePointWhereItCannotBeTold() throws {
        let analyzer = try Analyzer()
        let ascii = Array(repeating: "river stone", count: 100).joined(separator: " ")
        #expect(analyzer.resumePoint(ascii, before: 150, margin: 64) != nil)
        #expect(analyzer.resumePoint(ascii + " café", before: 150, margin: 64) != nil)
        #expect(analyzer.resumePoint("café " + ascii, before: 150, margin: 64) != nil)
        // One long run of non-ASCII words is counted in parts, whose starts are places to resume (each
        // "café " is six bytes).
        let cafes = Array(repeating: "café", count: 600).joined(separator: " ")
        let point = try #require(analyzer.resumePoint(cafes, before: 500, margin: 64))
        #expect(point.word > 300 && point.word < 500 && point.offset == 6 * point.word)
        #expect(analyzer.resumePoint(ascii, before: 0, margin: 64) == nil)
        #expect(analyzer.resumePoint(ascii, before: 200, margin: 64) == nil)
        #expect(analyzer.resumePoint(ascii, before: 5, margin: 64) == nil)
    }
}
