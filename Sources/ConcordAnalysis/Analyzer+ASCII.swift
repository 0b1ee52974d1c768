import CICU

/// The ASCII fast path: ICU's word-break rules (UAX #29 as tailored by ICU's root locale)
/// restricted to ASCII, applied directly to UTF-8 bytes.
///
/// Over ASCII the rules reduce to: letters (`@` counts as one), digits and `_` join; `.` or `'`
/// between two letters
/// joins (WB6/7; ICU does not treat `:` as MidLetter); `.` `'` `,` `;` between two digits join
/// (WB11/12); everything else breaks. A segment's rule status is that of the last rule applied:
/// letter when it ends in a letter, number when it ends in a digit; a trailing `_` takes the status
/// of the character before it (a digit gives number, a letter or `_` gives letter), and a lone `_`
/// has status "none".
extension Analyzer {
    @inline(__always) static func isASCIILetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    @inline(__always) static func isASCIIDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    /// ICU 72's root rules give `@` the word-break class ALetter (so "user@example.org" and "@name"
    /// stay whole), but it is not a letter for stemming or acronyms.
    @inline(__always) static func isASCIIALetter(_ b: UInt8) -> Bool { isASCIILetter(b) || b == 0x40 }
    /// `isASCIIALetter(b) || isASCIIDigit(b) || b == 0x5F`, as one bit test (the scans over text run it per byte).
    @inline(__always) static func isASCIIWordByte(_ b: UInt8) -> Bool {
        // Bits 0-63: the digits (0x30-0x39); bits 64-127: `@`, A-Z, `_`, a-z.
        let set: UInt64 = b < 64 ? 0x03FF_0000_0000_0000 : b < 128 ? 0x07FF_FFFE_87FF_FFFF : 0
        return (set >> UInt64(b & 63)) & 1 != 0
    }

    /// Kind (CONCORD_WORD_*) of an ASCII segment `[start, end)`, or 0 for status "none".
    @inline(__always)
    static func asciiKind(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> UInt8 {
        var last = bytes[end - 1]
        if last == 0x5F {
            if end - start == 1 { return 0 }
            last = bytes[end - 2]
            return isASCIIDigit(last) ? UInt8(CONCORD_WORD_NUMBER) : UInt8(CONCORD_WORD_LETTER)
        }
        return isASCIIDigit(last) ? UInt8(CONCORD_WORD_NUMBER) : UInt8(CONCORD_WORD_LETTER)
    }

    /// End (exclusive) of the ASCII word starting at `start`, which holds a word byte.
    @inline(__always)
    static func asciiWordEnd(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, limit: Int) -> Int {
        var last = start
        while true {
            let next = last + 1
            if next < limit {
                let b = bytes[next]
                if isASCIIWordByte(b) { last = next; continue }
                if next + 1 < limit {
                    let current = bytes[last], after = bytes[next + 1]
                    if b == 0x2E || b == 0x27 {
                        if (isASCIIALetter(current) && isASCIIALetter(after)) || (isASCIIDigit(current) && isASCIIDigit(after)) {
                            last = next + 1
                            continue
                        }
                    } else if b == 0x2C || b == 0x3B {
                        if isASCIIDigit(current) && isASCIIDigit(after) { last = next + 1; continue }
                    }
                }
            }
            return last + 1
        }
    }

    func analyzeASCII<Sink: TokenSink>(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to limit: Int, scalarBase: Int,
                                         stemming: Bool, into tokens: inout Sink) {
        var index = from
        var folded = asciiFolded
        asciiFolded = []
        defer { asciiFolded = folded }
        // The mode is read once: each read of an analyzer property in the loop is an exclusivity check.
        let spanLimit = self.spanLimit, spansOnly = emitsSpansOnly, countsOnly = countsWordsOnly
        var counted = 0
        defer { if counted > 0 { countedWords += counted } }
        while index < limit && tokens.count < spanLimit {
            guard Analyzer.isASCIIWordByte(bytes[index]) else { index += 1; continue }
            let start = index
            let end = Analyzer.asciiWordEnd(bytes, start: start, limit: limit)
            index = end
            let kind = Analyzer.asciiKind(bytes, start: start, end: end)
            // Lowercasing keeps the length: a word this long would be dropped by `emit` anyway.
            guard kind != 0, end - start <= Analyzer.maxTermBytes else { continue }
            if spansOnly {
                // Only the word's place matters, and lowercasing keeps its length: `emit` without folding.
                if countsOnly {
                    counted += 1
                } else {
                    tokens.append(ResolvedTerm(term: "", isStopWord: false), start: scalarBase + start - from,
                                  end: scalarBase + end - from)
                }
                continue
            }
            if folded.count < end - start { folded = Array(repeating: 0, count: (end - start) * 2) }
            folded.withUnsafeMutableBufferPointer { out in
                let alphabetic = Analyzer.lowercaseASCII(bytes, start: start, end: end, into: out)
                emit(UnsafeBufferPointer(rebasing: out[0..<(end - start)]), kind: kind, alphabetic: alphabetic,
                     start: scalarBase + start - from, end: scalarBase + end - from, stemming: stemming, spansOnly: false,
                     into: &tokens)
            }
        }
    }

    /// Lowercases `[start, end)` into `out`; returns whether it holds only letters and apostrophes.
    @inline(__always)
    static func lowercaseASCII<C: Collection>(_ source: C, start: C.Index, end: C.Index,
                                              into out: UnsafeMutableBufferPointer<UInt8>) -> Bool
    where C.Element: FixedWidthInteger {
        var alphabetic = true
        var o = 0
        var i = start
        while i != end {
            var b = UInt8(truncatingIfNeeded: source[i])
            if b >= 0x41 && b <= 0x5A { b |= 0x20 } else if !(b >= 0x61 && b <= 0x7A) && b != 0x27 { alphabetic = false }
            out[o] = b
            o += 1
            i = source.index(after: i)
        }
        return alphabetic
    }
}
