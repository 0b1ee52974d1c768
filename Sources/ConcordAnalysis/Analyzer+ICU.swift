import CICU

/// The ICU path: transcode a run to UTF-16 (remembering each unit's scalar offset), segment it
/// with the break iterator, fold each kept word.
extension Analyzer {
    /// Analyzes `bytes[from..<to]`, whose first scalar has offset `scalarBase`; returns the number
    /// of scalars in the run.
    func analyzeWithICU<Sink: TokenSink>(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to limit: Int, scalarBase: Int,
                                         stemming: Bool, into tokens: inout Sink) -> Int {
        var text = units, scalars = unitScalars
        units = []; unitScalars = []
        defer { units = text; unitScalars = scalars }
        let scalarCount = Analyzer.transcode(bytes, from: from, to: limit, scalarBase: scalarBase,
                                             units: &text, scalars: &scalars)
        guard !text.isEmpty else { return scalarCount }

        var starts = wordStarts, ends = wordEnds, kinds = wordKinds
        wordStarts = []; wordEnds = []; wordKinds = []
        defer { wordStarts = starts; wordEnds = ends; wordKinds = kinds }
        if starts.count < text.count {
            let capacity = max(text.count, starts.count * 2)
            starts = Array(repeating: 0, count: capacity)
            ends = Array(repeating: 0, count: capacity)
            kinds = Array(repeating: 0, count: capacity)
        }
        var asciiScratch = asciiFolded
        asciiFolded = []
        defer { asciiFolded = asciiScratch }
        let spansOnly = emitsSpansOnly

        text.withUnsafeBufferPointer { text in
            let count = starts.withUnsafeMutableBufferPointer { s in
                ends.withUnsafeMutableBufferPointer { e in
                    kinds.withUnsafeMutableBufferPointer { k in
                        breaker.words(in: text, starts: s, ends: e, kinds: k)
                    }
                }
            }
            for n in 0..<count {
                let wordStart = Int(starts[n]), wordEnd = Int(ends[n]), kind = kinds[n]
                let startScalar = Int(scalars[wordStart]), endScalar = Int(scalars[wordEnd - 1]) + 1
                // Too long to fold to a kept term (see rule 8 of `Analyzer`): dropped without folding.
                guard wordEnd - wordStart <= 4 * Analyzer.maxTermBytes else { continue }
                let word = UnsafeBufferPointer(rebasing: text[wordStart..<wordEnd])
                if word.allSatisfy({ $0 < 0x80 }) {
                    if asciiScratch.count < word.count { asciiScratch = Array(repeating: 0, count: word.count * 2) }
                    asciiScratch.withUnsafeMutableBufferPointer { out in
                        let alphabetic = Analyzer.lowercaseASCII(word, start: 0, end: word.count, into: out)
                        emit(UnsafeBufferPointer(rebasing: out[0..<word.count]), kind: kind, alphabetic: alphabetic,
                             start: startScalar, end: endScalar, stemming: stemming, spansOnly: spansOnly, into: &tokens)
                    }
                } else {
                    let hash = FoldCache.hash(word)
                    let cached: Void? = foldCache.withFolding(of: word, hash: hash) { folded, alphabetic in
                        emit(folded, kind: kind, alphabetic: alphabetic,
                             start: startScalar, end: endScalar, stemming: stemming, spansOnly: spansOnly, into: &tokens)
                    }
                    if cached == nil {
                        folder.fold(word) { folded, alphabetic in
                            // An empty folding may be ICU failing: not remembered.
                            if !folded.isEmpty { foldCache.insert(word, folded: folded, alphabetic: alphabetic, hash: hash) }
                            emit(folded, kind: kind, alphabetic: alphabetic,
                                 start: startScalar, end: endScalar, stemming: stemming, spansOnly: spansOnly, into: &tokens)
                        }
                    }
                }
            }
        }
        return scalarCount
    }

    /// The ASCII digit that a superscript, subscript or circled digit stands for (NFKC maps them
    /// so), or nil. Substituting before segmentation keeps "GOsa²" or "H₂O" one word, as it would be
    /// after NFKC; the substitution is one unit for one unit, so offsets are unaffected.
    @inline(__always)
    static func digitForm(of value: UInt32) -> UInt32? {
        switch value {
        case 0xB2, 0xB3: return value - 0xB2 + 0x32
        case 0xB9: return 0x31
        case 0x2070: return 0x30
        case 0x2074...0x2079: return value - 0x2074 + 0x34
        case 0x2080...0x2089: return value - 0x2080 + 0x30
        case 0x2460...0x2468: return value - 0x2460 + 0x31
        case 0x24EA: return 0x30
        default: return nil
        }
    }

    /// Decodes UTF-8 `bytes[from..<to]` into UTF-16 `units`, with `scalars[i]` the scalar offset of
    /// unit i. U+200B ZERO WIDTH SPACE is skipped (it never splits a word); superscript, subscript
    /// and circled digits become ASCII digits. Returns the scalar count.
    static func transcode(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to limit: Int, scalarBase: Int,
                          units: inout [UInt16], scalars: inout [Int32]) -> Int {
        units.removeAll(keepingCapacity: true)
        scalars.removeAll(keepingCapacity: true)
        units.reserveCapacity(limit - from)
        scalars.reserveCapacity(limit - from)
        var index = from
        var scalar = Int32(truncatingIfNeeded: scalarBase)
        while index < limit {
            let lead = bytes[index]
            var value: UInt32
            if lead < 0x80 {
                value = UInt32(lead); index += 1
            } else if lead < 0xE0 {
                value = (UInt32(lead & 0x1F) << 6) | UInt32(bytes[index + 1] & 0x3F); index += 2
            } else if lead < 0xF0 {
                value = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6)
                    | UInt32(bytes[index + 2] & 0x3F)
                index += 3
            } else {
                value = (UInt32(lead & 0x07) << 18) | (UInt32(bytes[index + 1] & 0x3F) << 12)
                    | (UInt32(bytes[index + 2] & 0x3F) << 6) | UInt32(bytes[index + 3] & 0x3F)
                index += 4
            }
            if value == 0x200B { scalar += 1; continue }
            if value >= 0xB2, let digit = digitForm(of: value) { value = digit }
            if value < 0x10000 {
                units.append(UInt16(value)); scalars.append(scalar)
            } else {
                value -= 0x10000
                units.append(UInt16(0xD800 | (value >> 10))); scalars.append(scalar)
                units.append(UInt16(0xDC00 | (value & 0x3FF))); scalars.append(scalar)
            }
            scalar += 1
        }
        return Int(scalar) - scalarBase
    }
}
