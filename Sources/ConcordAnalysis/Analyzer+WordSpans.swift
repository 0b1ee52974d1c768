extension Analyzer {
    /// The tokens of `tokens(_:)` — the same words with the same positions and offsets — with an empty
    /// term and no stop flag: words are segmented and folded as there (a word that folds to nothing or
    /// to more than `maxTermBytes` is left out, so positions agree) but never resolved to a term (no
    /// stemming, no term cache). For callers that know which positions matter from elsewhere, such as
    /// snippets whose matches come from the index's positions.
    public func wordSpans(_ text: String) -> [Token] {
        emitsSpansOnly = true
        defer { emitsSpansOnly = false }
        return analyze(text, stemming: true)
    }

    /// The first `limit` tokens of `wordSpans(text)` (all of them when there are fewer), the rest of the
    /// text not segmented when it fits in one slice (`sliceBytes`); a longer text is segmented whole.
    public func wordSpans(_ text: String, limit: Int) -> [Token] {
        guard text.utf8.count <= Analyzer.sliceBytes else { return Array(wordSpans(text).prefix(max(0, limit))) }
        emitsSpansOnly = true
        spanLimit = max(0, limit)
        defer {
            emitsSpansOnly = false
            spanLimit = .max
        }
        return analyze(text, stemming: true)
    }

    /// The offsets of the first `limit` words of `wordSpans(text, limit: limit)`, nil when those are not
    /// numbered 0, 1, 2, … in order. An ASCII text of one slice is segmented straight from its bytes
    /// (offsets in bytes are offsets in scalars there), without making tokens.
    public func wordBounds(_ text: String, limit: Int) -> [WordBounds]? {
        let limit = max(0, limit)
        if !forcesICUPath, text.utf8.count <= Analyzer.sliceBytes {
            var text = text
            let bounds = text.withUTF8 { bytes -> [WordBounds]? in
                guard Analyzer.isASCII(bytes) else { return nil }
                var bounds: [WordBounds] = []
                bounds.reserveCapacity(min(limit, bytes.count / 2 + 1))
                guard limit > 0 else { return bounds }
                Analyzer.forEachASCIIWord(bytes) { start, end in
                    bounds.append(WordBounds(start: start, end: end))
                    return bounds.count < limit
                }
                return bounds
            }
            if let bounds { return bounds }
        }
        let spans = wordSpans(text, limit: limit)
        for (index, span) in spans.enumerated() where span.position != index { return nil }
        return spans.map(WordBounds.init)
    }

    /// `wordSpans(text).count`, without making the tokens.
    public func wordCount(_ text: String) -> Int {
        // A text of several slices may drop a word cut between them, which only the tokens show.
        guard text.utf8.count <= Analyzer.sliceBytes else { return wordSpans(text).count }
        if !forcesICUPath {
            // ASCII words are told by their bytes alone: counted without folding them.
            var text = text
            if let count = text.withUTF8({ Analyzer.isASCII($0) ? Analyzer.countASCIIWords($0) : nil }) { return count }
        }
        return countingWords { _ = analyze(text, stemming: true) }
    }

    /// The words `body` numbers with the analyzer in counting mode (spans only, no tokens kept).
    private func countingWords(_ body: () -> Void) -> Int {
        emitsSpansOnly = true
        countsWordsOnly = true
        countedWords = 0
        defer {
            emitsSpansOnly = false
            countsWordsOnly = false
        }
        body()
        return countedWords
    }

}

extension Analyzer {
    /// Where `wordSpans(text)` may be resumed ahead of word `word`: a word that starts more than `margin`
    /// scalars before word `word` does, as its number and byte offset. Segmenting the text from that
    /// offset on yields the same words, from that one, as segmenting it whole. Nil when that is not so or
    /// not worth it: a text of more than one slice, one with `word` words or fewer, or no such word but
    /// the first.
    ///
    /// In an ASCII text it is the latest such word (the ASCII rules carry nothing across the non-word
    /// byte before a word). In a text with other bytes the words are counted run by run as `analyzeRuns`
    /// cuts the text (runs are segmented independently): an ASCII run's words from its bytes, another
    /// run's by ICU (counted, never made into tokens) in parts cut at block starts, so that a long run is
    /// counted only about as far as the word. A word of an ASCII run is taken (the rest of that run,
    /// segmented alone, gives the same words from there), or the start of a part of another run (the
    /// offset then lies before the word numbered, at most at its start).
    ///
    /// Counting up to `word` makes no tokens, so it costs a fraction of `wordSpans(text, limit: word)`.
    public func resumePoint(_ text: String, before word: Int, margin: Int) -> (word: Int, offset: Int)? {
        var wordsIfFewer: Int?
        return resumePoint(text, before: word, margin: margin, wordsIfFewer: &wordsIfFewer)
    }

    /// `resumePoint(text, before: word, margin: margin)`; when its scan finds `word` words or fewer in the
    /// text, `wordsIfFewer` is set to their number (so a caller needs no second pass to learn it).
    public func resumePoint(_ text: String, before word: Int, margin: Int, wordsIfFewer: inout Int?) -> (word: Int, offset: Int)? {
        guard word > 0, margin >= 0, !forcesICUPath, text.utf8.count <= Analyzer.sliceBytes else { return nil }
        var text = text
        var fewer: Int?
        let point = text.withUTF8 { bytes -> (word: Int, offset: Int)? in
            guard Analyzer.isASCII(bytes) else { return mixedResumePoint(bytes, before: word, margin: margin, wordsIfFewer: &fewer) }
            // The starts of the latest words counted, by word number modulo the ring's size. A word takes
            // at least two bytes with the break after it, so the ring holds every word within `margin`.
            let ringSize = (margin / 2 + 2).nextPowerOfTwo
            var ring = [Int](repeating: 0, count: ringSize)
            // The words well before the ring's are only counted, plain stretches eight bytes at a time.
            let skipped = Analyzer.skipASCIIWords(bytes, atMost: word - ringSize)
            var counted = skipped.words
            var reached = false
            var found: (word: Int, offset: Int)?
            Analyzer.forEachASCIIWordStart(bytes, from: skipped.offset) { start in
                if counted == word {
                    var candidate = counted - 1
                    while candidate >= 0 && counted - candidate < ringSize && ring[candidate & (ringSize - 1)] >= start - margin {
                        candidate -= 1
                    }
                    if candidate > 0, counted - candidate < ringSize { found = (candidate, ring[candidate & (ringSize - 1)]) }
                    reached = true
                    return false
                }
                ring[counted & (ringSize - 1)] = start
                counted += 1
                return true
            }
            if !reached { fewer = counted }
            return found
        }
        if let fewer { wordsIfFewer = fewer }
        return point
    }

    /// `resumePoint` of a text of one slice holding non-ASCII bytes (see there).
    private func mixedResumePoint(_ bytes: UnsafeBufferPointer<UInt8>, before word: Int, margin: Int,
                                  wordsIfFewer: inout Int?) -> (word: Int, offset: Int)? {
        // The latest places to resume (the words of ASCII runs and the starts of the other runs' counted
        // parts: number and byte offset), by order modulo the ring's size. Two of them lie at least two
        // scalars apart (a word and the break after it, or a part and the whitespace that ends it), so
        // the ring holds every one within `margin` scalars and one more.
        let ringSize = (margin / 2 + 2).nextPowerOfTwo, mask = ringSize - 1
        var ringWords = [Int](repeating: 0, count: ringSize)
        var ringStarts = [Int](repeating: 0, count: ringSize)
        var kept = 0
        var counted = 0
        // Where word `word` starts, or where the run holding it does (at or before the word).
        var target: Int?
        Self.forEachRun(bytes) { start, end, isASCII in
            if isASCII {
                // Every word is kept as a place (a skip of the run's early words, as the ASCII path does,
                // could leave no place within reach when the target lies in a later non-ASCII part).
                Analyzer.forEachASCIIWordStart(UnsafeBufferPointer(rebasing: bytes[start..<end])) { local in
                    if counted == word {
                        target = start + local
                        return false
                    }
                    ringWords[kept & mask] = counted
                    ringStarts[kept & mask] = start + local
                    kept += 1
                    counted += 1
                    return true
                }
            } else {
                // Counted in parts of about `icuPartBytes` cut at block starts (segmented independently
                // as the runs are), so that counting stops near the target in a long run. A part's start
                // is a place to resume too (before its first word, if any).
                var part = start
                while part < end {
                    var partEnd = min(end, part + Self.icuPartBytes)
                    while partEnd < end && !(bytes[partEnd] >= 0x21 && bytes[partEnd] <= 0x7E && Self.isASCIIWhitespace(bytes[partEnd - 1])) {
                        partEnd += 1
                    }
                    ringWords[kept & mask] = counted
                    ringStarts[kept & mask] = part
                    kept += 1
                    let words = icuWordCount(bytes, from: part, to: partEnd)
                    if counted + words > word {
                        target = part
                        return false
                    }
                    counted += words
                    part = partEnd
                }
            }
            return target == nil
        }
        guard let target else {
            wordsIfFewer = counted
            return nil
        }
        // The latest kept word more than `margin` scalars before the target.
        var scalars = 0, from = target
        var k = kept - 1
        while k >= 0 && kept - k <= ringSize {
            let offset = ringStarts[k & mask]
            scalars += Analyzer.scalarCount(UnsafeBufferPointer(rebasing: bytes[offset..<from]))
            from = offset
            // (A run without words may start after the word before the target: it numbers the target.)
            let number = ringWords[k & mask]
            if scalars > margin && number < word {
                return number > 0 ? (number, offset) : nil
            }
            k -= 1
        }
        return nil
    }

    /// Bytes of a non-ASCII run counted at a time by `mixedResumePoint` (parts end at the next block start).
    static var icuPartBytes: Int { 512 }

    /// Calls `body` with each run of `bytes` as `analyzeRuns` cuts them (start, end, whether ASCII), in
    /// order, until it returns false: blocks start where a printable ASCII byte follows ASCII whitespace,
    /// and consecutive blocks alike in being ASCII or not make one run.
    ///
    /// Only the non-ASCII bytes and the blocks around them are looked at byte by byte: the ASCII stretches
    /// between them are passed eight bytes at a time. A non-ASCII byte's block reaches back to the latest
    /// block start and on to the next; the run of such blocks goes on while the next block holds a
    /// non-ASCII byte too; what lies between two such runs is one ASCII run.
    static func forEachRun(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (Int, Int, Bool) -> Bool) {
        let count = bytes.count
        @inline(__always) func isBlockStart(_ i: Int) -> Bool {
            i == 0 || (bytes[i] >= 0x21 && bytes[i] <= 0x7E && isASCIIWhitespace(bytes[i - 1]))
        }
        // The next block start after `i` (or `count`).
        @inline(__always) func nextBlockStart(after i: Int) -> Int {
            var k = i + 1
            while k < count && !isBlockStart(k) { k += 1 }
            return k
        }
        var runStart = 0
        var from = 0
        while let nonASCII = nextNonASCII(bytes, from: from) {
            // The block holding it, and the blocks after it while they hold a non-ASCII byte.
            var blockStart = nonASCII
            while !isBlockStart(blockStart) { blockStart -= 1 }
            var end = nextBlockStart(after: nonASCII)
            while end < count {
                let next = nextBlockStart(after: end)
                var holds = false
                for k in end..<next where bytes[k] >= 0x80 {
                    holds = true
                    break
                }
                guard holds else { break }
                end = next
            }
            // A non-ASCII block starts at or after the end of the run before it (the block starts there).
            let start = max(blockStart, runStart)
            if start > runStart { guard body(runStart, start, true) else { return } }
            guard body(start, end, false) else { return }
            runStart = end
            from = end
        }
        if count > runStart { _ = body(runStart, count, true) }
    }

    /// The first byte at or after `from` that is not ASCII, read eight bytes at a time; nil when none is.
    @inline(__always)
    static func nextNonASCII(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var index = from
        while index + 8 <= bytes.count {
            let high = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080
            if high != 0 { return index + UInt64(littleEndian: high).trailingZeroBitCount / 8 }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 { return index }
            index += 1
        }
        return nil
    }

    /// How many words ICU segmentation numbers in `bytes[from..<to]` (counted, not made into tokens).
    private func icuWordCount(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        countingWords {
            var tokens: [Token] = []
            _ = analyzeWithICU(bytes, from: from, to: to, scalarBase: 0, stemming: true, into: &tokens)
        }
    }

    /// The number of words `analyzeASCII` numbers in ASCII `bytes`.
    static func countASCIIWords(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var counted = 0
        forEachASCIIWordStart(bytes) { _ in
            counted += 1
            return true
        }
        return counted
    }

    /// Calls `body` with the byte offset of each word `analyzeASCII` numbers in ASCII `bytes`, in order,
    /// until it returns false: words are told by their bytes (segmented, never folded), and those
    /// `analyzeASCII` leaves out (nothing to index, or longer than `maxTermBytes`) are skipped as there.
    @inline(__always)
    static func forEachASCIIWordStart(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int = 0, _ body: (Int) -> Bool) {
        forEachASCIIWord(bytes, from: first) { start, _ in body(start) }
    }

    /// `forEachASCIIWordStart`, calling `body` with each word's start and end (exclusive) byte offsets.
    @inline(__always)
    static func forEachASCIIWord(_ bytes: UnsafeBufferPointer<UInt8>, from first: Int = 0, _ body: (Int, Int) -> Bool) {
        var index = first
        let limit = bytes.count
        while index < limit {
            guard isASCIIWordByte(bytes[index]) else { index += 1; continue }
            let start = index
            let end = asciiWordEnd(bytes, start: start, limit: limit)
            index = end
            guard asciiKind(bytes, start: start, end: end) != 0, end - start <= maxTermBytes else { continue }
            guard body(start, end) else { return }
        }
    }
}

private extension Int {
    /// The least power of two at least `self` (self ≥ 1).
    var nextPowerOfTwo: Int { 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
