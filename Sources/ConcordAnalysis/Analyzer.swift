/// Turns text into tokens: ICU word segmentation, NFKC case folding, script-aware diacritic
/// folding, Snowball stemming. The same analyzer is applied to documents and to queries.
///
/// Guarantees, for every token of `tokens(_:)`:
/// - `start`/`end` are offsets in Unicode scalars into the original text, `[start, end)`, and that
///   slice is the word the term came from (including any zero-width characters inside it).
/// - `position` counts every kept word, stop words included, starting at 0 and increasing by one.
///
/// Pipeline:
/// 1. Words are ICU word-break segments (root locale, dictionary segmentation for Chinese, Japanese,
///    Thai, …) whose rule status is number, letter, kana or ideograph. Punctuation, spaces, symbols
///    and emoji produce no token. Hyphens split words ("Sino-Soviet" → sino, soviet). U+200B
///    (zero width space) is ignored before segmentation, so it never splits a word.
/// 2. Each word is folded: curly apostrophes (’ ‘ ʼ) become `'`, NFKC case folding (full width,
///    ligatures, ß→ss, ς→σ, default-ignorable characters removed), diacritics removed from Latin,
///    Greek and Cyrillic letters (except й and ї; ё becomes е), Hebrew points and Arabic harakat
///    removed, ø ł đ ð þ æ œ ı ħ mapped to o l d d th ae oe i h. Japanese voicing marks, Thai and
///    Indic vowel signs are kept.
/// 3. Acronyms: a letter word made of single letters joined by periods loses the periods
///    ("U.S.S.R." → ussr, "e.g." → eg). Other dotted words ("node.js", "example.com") stay whole.
/// 4. Numbers: thousands separators are dropped from digit groups ("1,000.5" → 1000.5); other
///    numbers stay as written ("1.2.3", "38th").
/// 5. Apostrophes stay inside words ("don't", "o'brien"); the English stemmer removes the
///    possessive ("Stalin's" → stalin). For French, Italian and Catalan, an elided article or
///    pronoun is removed ("l'Union" → union, "dell'arte" → arte).
/// 6. Stop words are kept but flagged when the folded, unstemmed term is in the stop list.
/// 7. Words made only of letters (and apostrophes) are stemmed with the configured Snowball
///    stemmer; numbers, mixed words ("38th", "foo_bar"), kana and ideographs are not.
/// 8. Long words are dropped, as tantivy's `RemoveLongFilter` does (Lucene's StandardTokenizer splits
///    them instead): a word whose folded form is longer than `maxTermBytes` (255) bytes of UTF-8 gives
///    no token and takes no position — it is not something anyone types as a query. (A word of more
///    than `4 × maxTermBytes` UTF-16 units is dropped before folding, so a 200 MB "word" costs one
///    scan.)
///
/// Long texts are analyzed in slices of about `sliceBytes` (1 MiB) cut where ICU always breaks (ASCII
/// whitespace followed by a printable ASCII character), so the tokens are exactly those of the whole
/// text while scratch memory stays bounded; `forEachTokenBatch` hands them out slice by slice. A
/// stretch of more than a slice with no such place is cut before an ASCII symbol that stands alone
/// (`-`, `/`, `(`, …; also exact), else at a character boundary (one giant word, or text without any
/// ASCII): then the one word crossing the cut is dropped.
///
/// Plain-ASCII stretches of text take a fast path that reproduces ICU's word-break rules over
/// UTF-8 bytes; it yields exactly the tokens the ICU path would.
///
/// An `Analyzer` is NOT thread-safe: it holds an ICU break iterator, normalizer scratch buffers,
/// a stemmer and a term cache. It is cheap to create (well under a millisecond), so create one per
/// thread or task.
public final class Analyzer {
    public let configuration: AnalyzerConfiguration

    let breaker: ICUWordBreaker
    let folder: ICUTermFolder
    let stemmer: SnowballStemmer?
    let elidedPrefixes: Set<String>
    var stopWords: Set<String> = []
    /// Folded letter word → final term and stop flag. 131,072 words: on ~450k package descriptions in a
    /// dozen languages, a quarter of that missed often enough that stemming the misses took 5% of the
    /// build's CPU (4× fewer words: 7% more build CPU; 2× more: 4% more). Looked up for every letter
    /// word analyzed, so its accesses are not checked for exclusivity at run time (about 2% of an index
    /// build's CPU): an analyzer is used by one thread at a time, and no access to the cache overlaps
    /// another.
    @exclusivity(unchecked) var termCache = TermCache(limit: 131_072)
    /// Non-ASCII word (UTF-16) → its ICU folding; consulted before `folder` (see `FoldCache`).
    @exclusivity(unchecked) var foldCache = FoldCache(limit: 16_384)
    /// While true, `emit` keeps each word's place but resolves no term (see `wordSpans(_:)`).
    var emitsSpansOnly = false
    /// While `emitsSpansOnly`: the words wanted from a text of one slice (see `wordSpans(_:limit:)`).
    var spanLimit = Int.max
    /// While true (with `emitsSpansOnly`), `emit` only counts words in `countedWords` (see `wordCount(_:)`).
    var countsWordsOnly = false
    var countedWords = 0

    /// Testing and benchmarking switch: when true, all text goes through ICU (no ASCII fast path).
    @_spi(Testing) public var forcesICUPath = false
    /// Bytes of mixed (ASCII and other) text scanned for runs so far: for tests.
    @_spi(Testing) public private(set) var scannedRunBytes = 0

    // Scratch buffers for the ICU path, reused across calls.
    var units: [UInt16] = []
    var unitScalars: [Int32] = []
    var wordStarts: [Int32] = []
    var wordEnds: [Int32] = []
    var wordKinds: [UInt8] = []
    var asciiFolded: [UInt8] = Array(repeating: 0, count: 64)
    var rewritten: [UInt8] = Array(repeating: 0, count: 64)
    /// The token array of the last slice analyzed, kept for the next (its storage is reused whenever the
    /// caller did not keep the tokens): one allocation less per field of every document indexed.
    var tokenScratch: [Token] = []
    /// `fieldTerms(_:)`'s table of the entry each cache key has in the field being analyzed (see
    /// `FieldTermsSink`), and the stamp of the last field analyzed.
    var fieldKeysSeen: [UInt64] = []
    var fieldStamp: UInt32 = 0

    /// Creates an analyzer; throws `AnalyzerError` for an unsupported language or a broken ICU.
    public init(configuration: AnalyzerConfiguration = AnalyzerConfiguration()) throws {
        try configuration.validate()
        self.configuration = configuration
        breaker = try ICUWordBreaker()
        folder = try ICUTermFolder()
        if configuration.language == AnalyzerConfiguration.noStemming {
            stemmer = nil
        } else {
            guard let stemmer = SnowballStemmer(language: configuration.language) else {
                throw AnalyzerError.stemmerUnavailable(language: configuration.language)
            }
            self.stemmer = stemmer
        }
        elidedPrefixes = Analyzer.elidedPrefixes(for: configuration.language)
        var folded = Set<String>()
        for word in configuration.stopWords {
            for token in analyze(word, stemming: false) { folded.insert(token.term) }
        }
        stopWords = folded
    }

    /// The longest term kept, in bytes of UTF-8; longer words give no token (see rule 8).
    public static let maxTermBytes = 255

    /// Text analyzed at a time (see "Long texts" above).
    public static let sliceBytes = 1 << 20

    /// Tokens of `text` in order, positions starting at 0.
    public func tokens(_ text: String) -> [Token] {
        analyze(text, stemming: true)
    }

    /// The tokens of `text` — exactly those of `tokens(_:)` — handed to `body` in consecutive batches, one
    /// per slice of about `sliceBytes` of text, so a long text never has all its tokens in memory at once.
    public func forEachTokenBatch(_ text: String, _ body: ([Token]) throws -> Void) rethrows {
        try forEachSlice(text, stemming: true, body)
    }

    func analyze(_ text: String, stemming: Bool) -> [Token] {
        var all: [Token] = []
        forEachSlice(text, stemming: stemming) { tokens in
            if all.isEmpty { all = tokens } else { all += tokens }
        }
        return all
    }

    /// Cuts `text` into slices (see "Long texts"), analyzes each, and hands on its tokens with positions and
    /// offsets counted from the start of the whole text.
    private func forEachSlice(_ text: String, stemming: Bool, _ body: ([Token]) throws -> Void) rethrows {
        var text = text
        try text.withUTF8 { bytes in
            var start = 0, scalarBase = 0, positionBase = 0
            var startsInsideWord = false
            repeat {
                let (end, endsInsideWord) = Analyzer.sliceEnd(bytes, from: start, length: Analyzer.sliceBytes)
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<end])
                // The slice's scalars place the next slice's offsets and find a word cut at its end: the
                // last slice of a text (most texts have one) is not counted.
                let scalars = end == bytes.count && !endsInsideWord ? 0 : Analyzer.scalarCount(slice)
                var tokens = tokenScratch
                tokenScratch = []
                tokens.removeAll(keepingCapacity: true)
                analyzeSlice(slice, stemming: stemming, into: &tokens)
                // A word cut in two by a forced cut is dropped, not indexed as two made-up words.
                let dropFirst = startsInsideWord && tokens.first?.start == 0 ? 1 : 0
                let dropLast = endsInsideWord && tokens.last?.end == scalars && tokens.count > dropFirst ? 1 : 0
                if start > 0 || dropFirst + dropLast > 0 {
                    tokens = Array(tokens[dropFirst..<(tokens.count - dropLast)])
                    for i in tokens.indices {
                        tokens[i].position = positionBase + i
                        tokens[i].start += scalarBase
                        tokens[i].end += scalarBase
                    }
                }
                positionBase += tokens.count
                scalarBase += scalars
                try body(tokens)
                // A huge slice's storage is not kept for the short texts after it.
                if tokens.capacity <= Self.keptTokenCapacity { tokenScratch = tokens }
                start = end
                startsInsideWord = endsInsideWord
            } while start < bytes.count
        }
    }

    /// The most tokens whose storage `tokenScratch` keeps between calls.
    static let keptTokenCapacity = 1 << 14

    /// Appends the tokens of one slice to `tokens` (empty on entry), with positions and offsets from the
    /// slice's start.
    func analyzeSlice<Sink: TokenSink>(_ bytes: UnsafeBufferPointer<UInt8>, stemming: Bool, into tokens: inout Sink) {
        // Room for the words expected, or for those wanted when only the first few are (`wordSpans(_:limit:)`).
        tokens.reserveCapacity(countsWordsOnly ? 0 : min(bytes.count / 6, spanLimit))
        if forcesICUPath {
            _ = analyzeWithICU(bytes, from: 0, to: bytes.count, scalarBase: 0, stemming: stemming, into: &tokens)
        } else if Analyzer.isASCII(bytes) {
            analyzeASCII(bytes, from: 0, to: bytes.count, scalarBase: 0, stemming: stemming, into: &tokens)
        } else {
            analyzeRuns(bytes, stemming: stemming, into: &tokens)
        }
    }

    /// Where the slice starting at `start` ends, and whether that cut may be inside a word: the first safe
    /// cut (ASCII whitespace, then a printable ASCII byte) at least `length` bytes on; failing that within
    /// another `length` bytes, the first ASCII symbol or punctuation mark that always stands alone (not
    /// `.`, `'`, `"`, `,`, `;`, `:`, `_` or `@`, which can join words), cutting before it; failing that, a
    /// character boundary (inside a word, maybe); the end of the text when it is near.
    static func sliceEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, length: Int) -> (end: Int, insideWord: Bool) {
        guard bytes.count - start > length + length / 4 else { return (bytes.count, false) }
        let searchLimit = min(bytes.count, start + 2 * length)
        var index = start + length
        var standalone: Int?
        while index < searchLimit {
            let byte = bytes[index]
            if byte >= 0x21 && byte <= 0x7E {
                if isASCIIWhitespace(bytes[index - 1]) { return (index, false) }
                if standalone == nil, !isASCIIWordByte(byte), !isASCIIDigit(byte), !joinsWords(byte) { standalone = index }
            }
            index += 1
        }
        if let standalone { return (standalone, false) }
        index = searchLimit
        while index < bytes.count && bytes[index] & 0xC0 == 0x80 { index += 1 }
        return (index, true)
    }

    /// ASCII punctuation that ICU's word rules may keep inside a word (between letters or digits).
    @inline(__always)
    static func joinsWords(_ byte: UInt8) -> Bool {
        byte == 0x2E || byte == 0x27 || byte == 0x2C || byte == 0x3B || byte == 0x3A || byte == 0x22
    }

    /// Unicode scalars in UTF-8 `bytes`: the bytes that are not continuation bytes.
    static func scalarCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Bytes of an ASCII run segmented at a time when only the first words are wanted (see `analyzeRuns`).
    static let limitedRunBytes = 2048

    /// Splits the text into runs that are safe to segment independently (cut where ASCII
    /// whitespace is followed by a printable ASCII character: ICU always breaks there and no rule
    /// looks across whitespace) and sends pure-ASCII runs to the fast path, the rest to ICU.
    private func analyzeRuns<Sink: TokenSink>(_ bytes: UnsafeBufferPointer<UInt8>, stemming: Bool, into tokens: inout Sink) {
        let count = bytes.count
        var runStart = 0, runIsASCII = true
        var blockStart = 0, blockIsASCII = true
        var scalarBase = 0

        func flush(upTo end: Int) {
            guard end > runStart else { return }
            if runIsASCII {
                analyzeASCII(bytes, from: runStart, to: end, scalarBase: scalarBase, stemming: stemming, into: &tokens)
                scalarBase += end - runStart
            } else {
                scalarBase += analyzeWithICU(bytes, from: runStart, to: end, scalarBase: scalarBase,
                                             stemming: stemming, into: &tokens)
            }
            runStart = end
        }
        func closeBlock(at end: Int) {
            if blockStart == runStart {
                runIsASCII = blockIsASCII
            } else if blockIsASCII != runIsASCII {
                flush(upTo: blockStart)
                runIsASCII = blockIsASCII
            }
        }

        // Only the first `spanLimit` words wanted (`wordSpans(_:limit:)`): once the runs analyzed hold
        // them, the rest of the text is neither scanned nor segmented. With such a limit a long ASCII run
        // is segmented in parts of about `limitedRunBytes`, cut at block starts (the ASCII rules carry
        // nothing across whitespace, so the parts give the run's words), and the limit checked after
        // each: else the run's every byte was scanned here however few of its words were wanted (a 43 KB
        // description of font names, mostly ASCII after one non-ASCII byte, cost 0.05 ms per snippet).
        let spanLimit = self.spanLimit
        let partsLongRuns = spanLimit < Int.max
        var previous: UInt8 = 0x41
        for index in 0..<count {
            let byte = bytes[index]
            if byte >= 0x21 && byte <= 0x7E && Analyzer.isASCIIWhitespace(previous) && index > 0 {
                closeBlock(at: index)
                if partsLongRuns && runIsASCII && index - runStart >= Self.limitedRunBytes { flush(upTo: index) }
                if tokens.count >= spanLimit {
                    scannedRunBytes &+= index
                    return
                }
                blockStart = index
                blockIsASCII = true
            }
            if byte >= 0x80 { blockIsASCII = false }
            previous = byte
        }
        closeBlock(at: count)
        flush(upTo: count)
        scannedRunBytes &+= count
    }

    /// Whether every byte is below 0x80, checked eight bytes at a time.
    public static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        var index = 0
        while index + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return false }
            index += 1
        }
        return true
    }

    @inline(__always)
    static func isASCIIWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
