import CICU

/// The final term of a folded word and whether it is a stop word.
struct ResolvedTerm {
    var term: String
    var isStopWord: Bool
    /// The word's key in the term cache's key space, −1 when the word is not in the cache.
    var cacheKey: Int32 = -1
}

/// Steps shared by both paths, applied to a folded word: acronym periods, thousands separators,
/// elision, stop flag, stemming.
extension Analyzer {
    static func elidedPrefixes(for language: String) -> Set<String> {
        switch language {
        case "french":
            return ["l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"]
        case "italian":
            return ["l", "d", "c", "m", "s", "t", "v", "un", "all", "dall", "dell", "nell", "sull", "coll",
                    "quell", "quest", "nessun"]
        case "catalan":
            return ["l", "d", "m", "n", "s", "t"]
        default:
            return []
        }
    }

    /// Appends the token for one folded word (UTF-8) unless the word folded to nothing. `spansOnly` is
    /// `emitsSpansOnly`, read once by the caller (each read of an analyzer property is an exclusivity check).
    @inline(__always)
    func emit<Sink: TokenSink>(_ folded: UnsafeBufferPointer<UInt8>, kind: UInt8, alphabetic: Bool, start: Int, end: Int,
                               stemming: Bool, spansOnly: Bool, into tokens: inout Sink) {
        guard !folded.isEmpty, folded.count <= Analyzer.maxTermBytes else { return }
        if spansOnly {
            if countsWordsOnly {
                countedWords += 1
                return
            }
            guard tokens.count < spanLimit else { return }
            tokens.append(ResolvedTerm(term: "", isStopWord: false), start: start, end: end)
            return
        }
        tokens.append(resolve(folded, kind: kind, alphabetic: alphabetic, stemming: stemming), start: start, end: end)
    }

    func resolve(_ folded: UnsafeBufferPointer<UInt8>, kind: UInt8, alphabetic: Bool, stemming: Bool) -> ResolvedTerm {
        let cacheable = stemming && kind == UInt8(CONCORD_WORD_LETTER)
        let hash = cacheable ? TermCache.hash(folded) : 0
        if cacheable, let hit = termCache.value(for: folded, hash: hash) { return hit }
        let key = String(decoding: folded, as: UTF8.self)

        var needsRewrite = false
        for byte in folded where byte == 0x2E || byte == 0x27 || byte == 0x2C {
            needsRewrite = true
            break
        }
        var resolved: ResolvedTerm
        if needsRewrite {
            var scratch = rewritten
            rewritten = []
            if scratch.count < folded.count { scratch = Array(repeating: 0, count: folded.count * 2) }
            resolved = scratch.withUnsafeMutableBufferPointer { out in
                var alphabetic = alphabetic
                let length = rewrite(folded, kind: kind, alphabetic: &alphabetic, into: out)
                let term = UnsafeBufferPointer(rebasing: out[0..<length])
                return finish(term, text: String(decoding: term, as: UTF8.self), kind: kind,
                              alphabetic: alphabetic, stemming: stemming)
            }
            rewritten = scratch
        } else {
            resolved = finish(folded, text: key, kind: kind, alphabetic: alphabetic, stemming: stemming)
        }
        if cacheable { resolved.cacheKey = termCache.insert(resolved, for: folded, hash: hash) }
        return resolved
    }

    private func finish(_ term: UnsafeBufferPointer<UInt8>, text: String, kind: UInt8, alphabetic: Bool,
                        stemming: Bool) -> ResolvedTerm {
        let isStopWord = stopWords.contains(text)
        if stemming, alphabetic, kind == UInt8(CONCORD_WORD_LETTER), let stemmer, !term.isEmpty {
            return ResolvedTerm(term: stemmer.stem(term), isStopWord: isStopWord)
        }
        return ResolvedTerm(term: text, isStopWord: isStopWord)
    }

    /// Applies acronym, number and elision rules; returns the new length in `out`.
    private func rewrite(_ word: UnsafeBufferPointer<UInt8>, kind: UInt8, alphabetic: inout Bool,
                         into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        if kind == UInt8(CONCORD_WORD_LETTER), Analyzer.isAcronym(word) {
            var length = 0
            for byte in word where byte != 0x2E {
                out[length] = byte
                length += 1
            }
            alphabetic = true
            return length
        }
        if kind == UInt8(CONCORD_WORD_NUMBER), Analyzer.hasThousandsSeparators(word) {
            var length = 0
            for byte in word where byte != 0x2C {
                out[length] = byte
                length += 1
            }
            return length
        }
        var from = 0
        if kind == UInt8(CONCORD_WORD_LETTER), !elidedPrefixes.isEmpty,
           let apostrophe = word.firstIndex(of: 0x27), apostrophe + 1 < word.count,
           elidedPrefixes.contains(String(decoding: UnsafeBufferPointer(rebasing: word[0..<apostrophe]), as: UTF8.self)) {
            from = apostrophe + 1
        }
        for i in from..<word.count { out[i - from] = word[i] }
        return word.count - from
    }

    /// Single letters separated by periods: "u.s", "u.s.s.r", "é.u".
    static func isAcronym(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts = 0
        var index = 0
        while index < word.count {
            let lead = word[index]
            let length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            guard index + length <= word.count else { return false }
            if length == 1 {
                guard isASCIILetter(lead) else { return false }
            } else {
                let scalars = String(decoding: UnsafeBufferPointer(rebasing: word[index..<(index + length)]), as: UTF8.self)
                    .unicodeScalars
                guard let scalar = scalars.first, scalar.properties.isAlphabetic else { return false }
            }
            parts += 1
            index += length
            if index == word.count { break }
            guard word[index] == 0x2E else { return false }
            index += 1
            guard index < word.count else { return false }
        }
        return parts >= 2
    }

    /// Digits grouped by commas in threes, optionally followed by a decimal part: "1,000", "12,345.67".
    static func hasThousandsSeparators(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var leading = 0
        while index < word.count, isASCIIDigit(word[index]) { leading += 1; index += 1 }
        guard (1...3).contains(leading), index < word.count, word[index] == 0x2C else { return false }
        var groups = 0
        while index < word.count, word[index] == 0x2C {
            index += 1
            var digits = 0
            while index < word.count, isASCIIDigit(word[index]) { digits += 1; index += 1 }
            guard digits == 3 else { return false }
            groups += 1
        }
        if index < word.count {
            guard word[index] == 0x2E, index + 1 < word.count else { return false }
            index += 1
            while index < word.count {
                guard isASCIIDigit(word[index]) else { return false }
                index += 1
            }
        }
        return groups > 0
    }
}
