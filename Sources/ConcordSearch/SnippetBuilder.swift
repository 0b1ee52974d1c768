import ConcordAnalysis

/// Builds a `Snippet` from a document's summary.
///
/// Rules:
/// - The source text is the stored "summary"; when it is empty or only whitespace, the stored "body"
///   is used instead, with the same window selection (the title is already shown separately, so it is
///   never the source).
/// - The text is re-analyzed with the tokenizer; a token matches when its term is the term of a scored
///   (should/must) single-term clause, or when it is a part of an occurrence of a scored phrase clause.
///   Excluded clauses never highlight.
/// - A text of at most `wholeTextWordLimit` tokens is returned whole. Otherwise a window of
///   `windowWordCount` consecutive tokens is chosen that maximizes the number of distinct matched
///   clauses, then the number of matched tokens; ties go to the earliest window. The window is widened
///   to whitespace boundaries so words are never cut, and "…" marks text cut at either end.
/// - Runs of whitespace collapse to one space; leading and trailing whitespace is dropped.
/// - Bounded whatever the text: only its first `maxAnalyzedBytes` (64 KiB) are analyzed, a cut moves at
///   most `maxWidening` (64) scalars to reach whitespace (a longer word is cut), and a snippet holds at most
///   `maxSnippetScalars` (1,000) scalars besides the "…" marks.
public struct SnippetBuilder<Tokenizer: TextTokenizing> {
    public let tokenizer: Tokenizer
    public var windowWordCount: Int
    public var wholeTextWordLimit: Int

    public init(tokenizer: Tokenizer, windowWordCount: Int = 35, wholeTextWordLimit: Int = 40) {
        self.tokenizer = tokenizer
        self.windowWordCount = max(1, windowWordCount)
        self.wholeTextWordLimit = max(0, wholeTextWordLimit)
    }

    /// The snippet for a document's stored fields (summary, falling back to body).
    public func snippet(storedFields: [String: String], query: Query) -> Snippet {
        let summary = storedFields["summary"] ?? ""
        let source = summary.unicodeScalars.contains { !isSnippetWhitespace($0) } ? summary : (storedFields["body"] ?? "")
        return snippet(text: source, query: query)
    }

    /// The snippet of `text` for `query`.
    ///
    /// The text is analyzed in slices of `maxAnalyzedBytes`, at most `maxScannedBytes` in all (Lucene's
    /// highlighter has the same kind of bound), so a huge field costs no more than a long one: the
    /// snippet comes from the first slice holding a match (a match deep in a long body is still shown),
    /// or from the first slice when none does.
    public func snippet(text: String, query: Query) -> Snippet {
        let utf8 = text.utf8
        // The common case, a text of one slice: analyzed in place, nothing cut on either side.
        if utf8.count <= Self.maxAnalyzedBytes { return sliceSnippet(text, cutBefore: false, cutAfter: false, query: query) }
        var start = utf8.startIndex
        var scanned = 0
        var firstSlice: Snippet?
        while true {
            let (end, hasMore) = Self.sliceEnd(of: text, from: start, maxBytes: Self.maxAnalyzedBytes)
            let scalars = text.unicodeScalars
            let cutBefore = start > utf8.startIndex && scalars[..<start].contains { !isSnippetWhitespace($0) }
            let cutAfter = hasMore && scalars[end...].contains { !isSnippetWhitespace($0) }
            let snippet = sliceSnippet(Self.text(text, from: start, to: end), cutBefore: cutBefore, cutAfter: cutAfter, query: query)
            if !snippet.matchedTerms.isEmpty { return snippet }
            if firstSlice == nil { firstSlice = snippet }
            scanned += utf8.distance(from: start, to: end)
            guard hasMore, end > start, scanned < Self.maxScannedBytes else { break }
            start = end
        }
        return firstSlice ?? Snippet(text: "", highlights: [], matchedTerms: [])
    }

    /// The snippet of `text` for `query` when the index says where the query's terms occur in it:
    /// `positions` maps each index term to its ascending positions in this text (as `Token.position`
    /// counts them; a term missing from it does not occur). The words are then only segmented, never
    /// resolved to terms, and the snippet equals `snippet(text:query:)`'s. A text longer than one slice
    /// is segmented slice by slice as there, each slice's words numbered on from the words of the slices
    /// before it. Positions that do not fit the text's words, or a slice that does not end at whitespace
    /// (its last word could be cut in two), take `snippet(text:query:)`.
    ///
    /// With `wordCount`, the number of words the index counted in the text (its field length), a text of
    /// one slice is segmented only as far as the snippet needs: up to the end of the window the positions
    /// choose, or of the last match when the text is shown whole.
    public func snippet(text: String, query: Query, positions: [String: [Int32]], wordCount: Int? = nil) -> Snippet {
        guard text.utf8.count <= Self.maxAnalyzedBytes else {
            return slicedSnippet(text: text, query: query, positions: positions, wordCount: wordCount)
                ?? snippet(text: text, query: query)
        }
        if let wordCount, let snippet = prefixSnippet(text: text, query: query, positions: positions, wordCount: wordCount) {
            return snippet
        }
        let scalars = Self.scalars(of: text)
        let tokens = tokenizer.wordSpans(text)
        guard Self.numbersWordsInOrder(tokens, scalarCount: scalars.count),
              let matches = Self.matchedClauses(tokenCount: tokens.count, positions: positions, query: query) else {
            return snippet(text: text, query: query)
        }
        return scalars.withUnsafeBufferPointer {
            cut(scalars: ScalarText(scalars: $0), tokens: tokens.map(WordBounds.init), matches: matches, cutBefore: false,
                cutAfter: false, query: query)
        }
    }

    /// `snippet(text:query:positions:wordCount:)` with the positions as `TermPositions` (as a search reads
    /// them for its hits, in one buffer): the same snippet.
    public func snippet(text: String, query: Query, termPositions: TermPositions, wordCount: Int?) -> Snippet {
        let isOneSlice = text.utf8.count <= Self.maxAnalyzedBytes
        if isOneSlice, let wordCount, wordCount >= 0,
           let matches = Self.matchedClauses(tokenCount: wordCount, positions: termPositions, query: query),
           let snippet = prefixSnippet(text: text, query: query, matches: matches, wordCount: wordCount, cutBefore: false, cutAfter: false) {
            return snippet
        }
        // What that takes when the word count does not serve (tried above for a text of one slice).
        return snippet(text: text, query: query, positions: termPositions.dictionary, wordCount: isOneSlice ? nil : wordCount)
    }

    /// The snippet of a text of one slice and `wordCount` words, segmented only up to the last word it
    /// needs; nil when the text has fewer words than that or they are not numbered in order.
    func prefixSnippet(text: String, query: Query, positions: [String: [Int32]], wordCount: Int,
                       cutBefore: Bool = false, cutAfter: Bool = false) -> Snippet? {
        guard wordCount >= 0, let matches = Self.matchedClauses(tokenCount: wordCount, positions: positions, query: query) else {
            return nil
        }
        return prefixSnippet(text: text, query: query, matches: matches, wordCount: wordCount, cutBefore: cutBefore, cutAfter: cutAfter)
    }

    /// `prefixSnippet(text:query:positions:wordCount:cutBefore:cutAfter:)` with the matches those positions give.
    private func prefixSnippet(text: String, query: Query, matches: ClauseMatches, wordCount: Int, cutBefore: Bool,
                               cutAfter: Bool) -> Snippet? {
        let window = wordCount > wholeTextWordLimit ? bestWindow(matches: matches, clauseCount: query.clauses.count) : nil
        let needed = window?.upperBound ?? ((matches.lastIndex { $0 != nil }).map { $0 + 1 } ?? 0)
        return prefixCut(text: text, query: query, matches: matches, window: window, needed: needed, cutBefore: cutBefore,
                         cutAfter: cutAfter)
    }

    /// The snippet of `text` whose words match the clauses `matches` and show through `window` (nil: the
    /// whole text), segmenting only its first `needed` words (and the words a widened cut can reach);
    /// nil when the text has fewer words than `needed`, or more than `matches`, or they are not numbered
    /// in order. With a window, only the scalars the cut can reach are decoded.
    private func prefixCut(text: String, query: Query, matches: ClauseMatches, window: Range<Int>?, needed: Int,
                           cutBefore: Bool, cutAfter: Bool, mayResume: Bool = true,
                           onFewerWords: ((Int) -> Void)? = nil) -> Snippet? {
        var wordsIfFewer: Int?
        let resume = mayResume ? window.flatMap { window in
            window.lowerBound >= Self.resumeWords
                ? tokenizer.resumePoint(text, before: window.lowerBound, margin: Self.maxWidening, wordsIfFewer: &wordsIfFewer) : nil
        } : nil
        if let wordsIfFewer {
            // The window starts past the text's last word: no cut of this text shows it.
            onFewerWords?(wordsIfFewer)
            return nil
        }
        if let window, let resume, resume.word > 0, resume.word < window.lowerBound {
            // A window deep in a long text: its words are found by segmenting from a word shortly before
            // it, the text before that word only counted. The cut widens at most `maxWidening` scalars
            // before the window, so it never reaches that word's start, and every word it can highlight
            // comes after it; the text before it holds a word, so the cut is marked at its start as the
            // whole text's would be.
            // The resume point's offset is in bytes (UTF-8): the rest is cut there.
            let rest = String(text[text.utf8.index(text.utf8.startIndex, offsetBy: resume.offset)...])
            let reachable = min(matches.count, needed + Self.maxWidening + 1)
            guard reachable > resume.word else { return nil }
            return prefixCut(text: rest, query: query, matches: matches.words(resume.word..<reachable),
                             window: (window.lowerBound - resume.word)..<(window.upperBound - resume.word),
                             needed: needed - resume.word, cutBefore: true, cutAfter: cutAfter, mayResume: false)
        }
        guard let tokens = tokenizer.wordBounds(text, limit: needed), tokens.count == needed,
              window.map({ $0.upperBound <= needed }) ?? true else { return nil }
        if window == nil, !cutBefore, !cutAfter, Self.isShownAsIs(text) {
            return wholeTextAsIs(text, tokens: tokens, matches: matches, query: query)
        }
        let last = window.map { tokens[$0.upperBound - 1] }
        let reach = last.map { max($0.end + Self.maxWidening + 1, tokens[needed - 1].end) } ?? Int.max
        var bytes = text
        return bytes.withUTF8 { bytes in
            // An ASCII prefix is cut straight from its bytes (a byte is a scalar there), else from its scalars.
            let prefix = UnsafeBufferPointer(rebasing: bytes[..<min(bytes.count, max(0, reach))])
            if Analyzer.isASCII(prefix) {
                return finishCut(scalars: ScalarText(ascii: prefix), textAfter: Self.holdsText(bytes, from: prefix.count), text: text,
                                 tokens: tokens, last: last, matches: matches, window: window, cutBefore: cutBefore,
                                 cutAfter: cutAfter, query: query)
            }
            let (scalars, textAfter) = Self.scalars(of: text, limit: reach)
            return scalars.withUnsafeBufferPointer {
                finishCut(scalars: ScalarText(scalars: $0), textAfter: textAfter, text: text, tokens: tokens, last: last,
                          matches: matches, window: window, cutBefore: cutBefore, cutAfter: cutAfter, query: query)
            }
        }
    }

    /// The end of `prefixCut`: `scalars` are the text's first scalars (up to where the cut can reach) and
    /// `textAfter` says whether non-whitespace follows them; `last` is the window's last word.
    private func finishCut(scalars: ScalarText, textAfter: Bool, text: String, tokens: [WordBounds], last: WordBounds?,
                           matches: ClauseMatches, window: Range<Int>?, cutBefore: Bool, cutAfter: Bool, query: Query) -> Snippet? {
        var tokens = tokens
        if let window, let last, last.end < scalars.count, !isSnippetWhitespace(scalars[last.end]) {
            // The cut is widened to whitespace past the window's last word (at most `maxWidening` scalars),
            // over words that may match too: at most one per scalar of the widening.
            var widened = last.end
            while widened < min(scalars.count, last.end + Self.maxWidening) && !isSnippetWhitespace(scalars[widened]) {
                widened += 1
            }
            let wanted = window.upperBound + widened - last.end
            if wanted > tokens.count {
                guard let more = tokenizer.wordBounds(text, limit: wanted) else { return nil }
                // That bound allows a word per scalar of the widening: past a run of short words the
                // segmentation goes on beyond the cut (and the scalars decoded), where no word is shown.
                tokens = Array(more.prefix { $0.start < widened })
            }
        }
        guard tokens.count <= matches.count, Self.liesInText(tokens, scalarCount: scalars.count) else { return nil }
        return cut(scalars: scalars, tokens: tokens, matches: matches, window: window, cutBefore: cutBefore, cutAfter: cutAfter,
                   textAfter: textAfter, query: query)
    }

    /// Whether `cut` gives a whole `text` back unchanged: at most `maxSnippetScalars` of ASCII, whitespace
    /// only single spaces between other characters (nothing to collapse or trim).
    static func isShownAsIs(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count <= maxSnippetScalars, let first = bytes.first, let last = bytes.last,
                  first != 0x20, last != 0x20 else { return bytes.isEmpty }
            var previous: UInt8 = 0
            for byte in bytes {
                if byte >= 0x80 || (byte >= 0x09 && byte <= 0x0D) || (byte == 0x20 && previous == 0x20) { return false }
                previous = byte
            }
            return true
        }
    }

    /// `cut` of a whole text that `isShownAsIs`: the text itself, each matched word highlighted where it
    /// stands (the words being ASCII, scalar offsets are the snippet's offsets). Nil when a word does
    /// not lie inside the text.
    private func wholeTextAsIs(_ text: String, tokens: [WordBounds], matches: ClauseMatches, query: Query) -> Snippet? {
        let count = text.utf8.count
        guard tokens.count <= matches.count, Self.liesInText(tokens, scalarCount: count) else { return nil }
        var highlights: [Range<Int>] = []
        var isClauseMatched = [Bool](repeating: false, count: query.clauses.count)
        for (index, token) in tokens.enumerated() {
            guard let clause = matches[index] else { continue }
            let range = token.start..<token.end
            if let previous = highlights.last, previous.upperBound > range.lowerBound { continue }
            highlights.append(range)
            isClauseMatched[clause] = true
        }
        return Snippet(text: text, highlights: highlights, matchedTerms: Self.terms(of: query, matched: isClauseMatched))
    }

    /// `snippet(text:query:)` of a text longer than one slice when the best window over all its words
    /// (`wordCount` of them) lies in its first slice: that slice is then the first holding a match, and
    /// the window is also the best inside it (a best window over more candidates that is one of its
    /// candidates; ties go to the earliest either way). Nil when the window lies beyond the first slice;
    /// `firstSliceWords` is then set to that slice's word count when it was counted on the way.
    func firstSliceSnippet(text: String, query: Query, positions: [String: [Int32]], wordCount: Int,
                           firstSliceWords: inout Int?) -> Snippet? {
        guard wordCount > wholeTextWordLimit,
              let matches = Self.matchedClauses(tokenCount: wordCount, positions: positions, query: query),
              matches.contains(where: { $0 != nil }) else { return nil }
        let window = bestWindow(matches: matches, clauseCount: query.clauses.count)
        let utf8 = text.utf8
        let (end, hasMore) = Self.sliceEnd(of: text, from: utf8.startIndex, maxBytes: Self.maxAnalyzedBytes)
        guard hasMore, utf8[utf8.index(before: end)] == 0x20 || utf8[utf8.index(before: end)] == 0x0A else { return nil }
        let scalars = text.unicodeScalars
        let cutAfter = scalars[end...].contains { !isSnippetWhitespace($0) }
        // More words than the whole-text limit, so the slice is cut to a window as the text is.
        let needed = max(window.upperBound, wholeTextWordLimit + 1)
        // A window past the slice's words: the scan that looks for where to resume counts them all.
        var counted: Int?
        let snippet = prefixCut(text: Self.text(text, from: utf8.startIndex, to: end), query: query, matches: matches, window: window,
                                needed: needed, cutBefore: false, cutAfter: cutAfter, onFewerWords: { counted = $0 })
        firstSliceWords = counted
        return snippet
    }

    /// `snippet(text:query:)` of a text longer than one slice, its matches from `positions`: the slices
    /// are the same; each is only counted in words (never resolved to terms) up to the first one holding
    /// a match, which is segmented as far as its snippet needs. Nil when the positions cannot be trusted
    /// to name the slices' words: a slice that ends inside a run of non-whitespace, words not numbered
    /// 0, 1, 2, … or fewer words than the positions say.
    func slicedSnippet(text: String, query: Query, positions: [String: [Int32]], wordCount: Int? = nil) -> Snippet? {
        var firstSliceWords: Int?
        if let wordCount, let snippet = firstSliceSnippet(text: text, query: query, positions: positions, wordCount: wordCount,
                                                          firstSliceWords: &firstSliceWords) {
            return snippet
        }
        let utf8 = text.utf8
        var start = utf8.startIndex
        var scanned = 0
        // Words of the slices before the current one.
        var wordsBefore = 0
        // The first slice's snippet, or what makes it when it has no positions (made only if needed).
        var firstSnippet: Snippet?
        var firstSlice: (text: String, words: Int, cutBefore: Bool, cutAfter: Bool)?
        while true {
            let (end, hasMore) = Self.sliceEnd(of: text, from: start, maxBytes: Self.maxAnalyzedBytes)
            if hasMore {
                let last = utf8[utf8.index(before: end)]
                guard last == 0x20 || last == 0x0A else { return nil }
            }
            let scalars = text.unicodeScalars
            let cutBefore = start > utf8.startIndex && scalars[..<start].contains { !isSnippetWhitespace($0) }
            let cutAfter = hasMore && scalars[end...].contains { !isSnippetWhitespace($0) }
            let slice = Self.text(text, from: start, to: end)
            let words = (start == utf8.startIndex ? firstSliceWords : nil) ?? tokenizer.wordCount(slice)
            let local = Self.positions(positions, from: wordsBefore, count: words)
            if !local.isEmpty {
                guard let snippet = prefixSnippet(text: slice, query: query, positions: local, wordCount: words,
                                                  cutBefore: cutBefore, cutAfter: cutAfter) else { return nil }
                if !snippet.matchedTerms.isEmpty { return snippet }
                if firstSnippet == nil && firstSlice == nil { firstSnippet = snippet }
            }
            if firstSnippet == nil && firstSlice == nil { firstSlice = (slice, words, cutBefore, cutAfter) }
            wordsBefore += words
            scanned += utf8.distance(from: start, to: end)
            guard hasMore, end > start, scanned < Self.maxScannedBytes else { break }
            start = end
        }
        // No slice shows a match: the first one's snippet.
        if let firstSnippet { return firstSnippet }
        guard let first = firstSlice else { return Snippet(text: "", highlights: [], matchedTerms: []) }
        return prefixSnippet(text: first.text, query: query, positions: [:], wordCount: first.words,
                             cutBefore: first.cutBefore, cutAfter: first.cutAfter)
    }

    /// The part of `text` between two scalar boundaries: a substring of its scalars made a `String`,
    /// which copies the UTF-8 bytes as they are (decoding them from a buffer would validate them again,
    /// and a `String` made from the scalars themselves goes scalar by scalar).
    static func text(_ text: String, from start: String.Index, to end: String.Index) -> String {
        String(Substring(text.unicodeScalars[start..<end]))
    }

    /// True when token `i` has position `i` and offsets inside a text of `scalarCount` scalars.
    static func numbersWordsInOrder(_ tokens: [Token], scalarCount: Int) -> Bool {
        for (index, token) in tokens.enumerated()
        where !(token.position == index && token.start >= 0 && token.start < token.end && token.end <= scalarCount) {
            return false
        }
        return true
    }

    /// True when every word is non-empty and lies inside a text of `scalarCount` scalars.
    static func liesInText(_ words: [WordBounds], scalarCount: Int) -> Bool {
        for word in words where !(word.start >= 0 && word.start < word.end && word.end <= scalarCount) { return false }
        return true
    }

    /// The positions in `[first, first + count)`, less `first` (terms without any left out).
    static func positions(_ positions: [String: [Int32]], from first: Int, count: Int) -> [String: [Int32]] {
        var local: [String: [Int32]] = [:]
        for (term, list) in positions {
            let inside = list.lazy.filter { Int($0) >= first && Int($0) < first + count }.map { Int32(Int($0) - first) }
            if !inside.isEmpty { local[term] = Array(inside) }
        }
        return local
    }

    /// The snippet of one analyzed slice of a text; `cutBefore`/`cutAfter` say text was left out there.
    func sliceSnippet(_ analyzed: String, cutBefore: Bool, cutAfter: Bool, query: Query) -> Snippet {
        let scalars = Self.scalars(of: analyzed)
        var tokens = tokenizer.tokens(analyzed)
        if !tokens.allSatisfy({ $0.start >= 0 && $0.start < $0.end && $0.end <= scalars.count }) {
            tokens.removeAll { !($0.start >= 0 && $0.start < $0.end && $0.end <= scalars.count) }
        }
        let matches = Self.matchedClauses(tokens: tokens, query: query)
        return scalars.withUnsafeBufferPointer {
            cut(scalars: ScalarText(scalars: $0), tokens: tokens.map(WordBounds.init), matches: matches, cutBefore: cutBefore,
                cutAfter: cutAfter, query: query)
        }
    }

    /// The snippet of a text's `scalars` whose `tokens` match the clauses `matches` (see the type's rules).
    private func cut(scalars: ScalarText, tokens: [WordBounds], matches: ClauseMatches, cutBefore: Bool, cutAfter: Bool,
                     query: Query) -> Snippet {
        let window = tokens.count > wholeTextWordLimit ? bestWindow(matches: matches, clauseCount: query.clauses.count) : nil
        return cut(scalars: scalars, tokens: tokens, matches: matches, window: window, cutBefore: cutBefore, cutAfter: cutAfter,
                   query: query)
    }

    /// `cut` with the window already chosen (nil: the whole text); `tokens` may stop after the window
    /// (or, without one, after the last match), `matches` covering at least them.
    /// `scalars` may be a prefix of the text when `textAfter` says whether non-whitespace follows it (a
    /// window's cut never reaches past a prefix that holds its last word and `maxWidening` more scalars).
    private func cut(scalars: ScalarText, tokens: [WordBounds], matches: ClauseMatches, window: Range<Int>?, cutBefore: Bool,
                     cutAfter: Bool, textAfter: Bool = false, query: Query) -> Snippet {
        var cutStart = 0
        var cutEnd = scalars.count
        if let window {
            cutStart = tokens[window.lowerBound].start
            let earliest = max(0, cutStart - Self.maxWidening)
            while cutStart > earliest && !isSnippetWhitespace(scalars[cutStart - 1]) { cutStart -= 1 }
            cutEnd = tokens[window.upperBound - 1].end
            let latest = min(scalars.count, cutEnd + Self.maxWidening)
            while cutEnd < latest && !isSnippetWhitespace(scalars[cutEnd]) { cutEnd += 1 }
        }
        if cutEnd - cutStart > Self.maxSnippetScalars {
            // Long words (or a long whole text): cut at the last whitespace near the limit, else at the limit.
            let limit = cutStart + Self.maxSnippetScalars
            var end = limit
            while end > limit - Self.maxWidening && !isSnippetWhitespace(scalars[end]) { end -= 1 }
            cutEnd = isSnippetWhitespace(scalars[end]) ? end : limit
        }
        let cutAtStart = cutBefore || scalars.holdsText(0..<cutStart)
        let cutAtEnd = cutAfter || textAfter || scalars.holdsText(cutEnd..<scalars.count)

        // Copy [cutStart, cutEnd) collapsing whitespace, remembering where each source scalar lands.
        let span = cutEnd - cutStart
        var landing = [Int32](repeating: -1, count: span)
        let output = [UInt8](unsafeUninitializedCapacity: 4 * span + 2 * ellipsis.count) { out, byteCount in
            var bytes = 0, outputCount = 0
            func append(_ byte: UInt8) {
                out[bytes] = byte
                bytes += 1
            }
            if cutAtStart {
                for byte in ellipsis { append(byte) }
                outputCount += 1
            }
            let firstScalar = outputCount
            var pendingSpace = false
            landing.withUnsafeMutableBufferPointer { landing in
                for i in cutStart..<cutEnd {
                    let scalar = scalars[i]
                    if isSnippetWhitespace(scalar) {
                        pendingSpace = outputCount > firstScalar
                        continue
                    }
                    if pendingSpace {
                        append(0x20)
                        outputCount += 1
                        pendingSpace = false
                    }
                    landing[i - cutStart] = Int32(truncatingIfNeeded: outputCount)
                    if scalar.value < 0x80 {
                        append(UInt8(truncatingIfNeeded: scalar.value))
                    } else {
                        UTF8.encode(scalar) { append($0) }
                    }
                    outputCount += 1
                }
            }
            if cutAtEnd {
                for byte in ellipsis { append(byte) }
            }
            byteCount = bytes
        }

        var highlights: [Range<Int>] = []
        var isClauseMatched = [Bool](repeating: false, count: query.clauses.count)
        for (index, token) in tokens.enumerated() {
            guard let clause = matches[index], token.start >= cutStart, token.end <= cutEnd else { continue }
            let first = Int(landing[token.start - cutStart]), last = Int(landing[token.end - 1 - cutStart])
            guard first >= 0, last >= first else { continue }
            let range = first..<(last + 1)
            if let previous = highlights.last, previous.upperBound > range.lowerBound { continue }
            highlights.append(range)
            isClauseMatched[clause] = true
        }
        return Snippet(text: String(decoding: output, as: UTF8.self), highlights: highlights,
                       matchedTerms: Self.terms(of: query, matched: isClauseMatched))
    }

    /// The distinct terms of the clauses `matched` marks, in clause order.
    static func terms(of query: Query, matched: [Bool]) -> [String] {
        var terms: [String] = []
        for clause in matched.indices where matched[clause] {
            for term in query.clauses[clause].terms where !terms.contains(term) { terms.append(term) }
        }
        return terms
    }

    /// The Unicode scalars of `text`, decoded straight from its UTF-8 (which a `String` keeps valid).
    static func scalars(of text: String) -> [Unicode.Scalar] { scalars(of: text, limit: .max).scalars }

    /// The first `limit` Unicode scalars of `text`, and whether a non-whitespace one follows them.
    static func scalars(of text: String, limit: Int) -> (scalars: [Unicode.Scalar], textAfter: Bool) {
        var text = text
        var textAfter = false
        let scalars = text.withUTF8 { bytes in
            [Unicode.Scalar](unsafeUninitializedCapacity: min(bytes.count, max(0, limit))) { buffer, count in
                var index = 0, n = 0
                defer { textAfter = Self.holdsText(bytes, from: index) }
                while index < bytes.count && n < limit {
                    let lead = bytes[index]
                    var value: UInt32
                    if lead < 0x80 {
                        value = UInt32(lead)
                        index += 1
                    } else if lead < 0xE0, index + 1 < bytes.count {
                        value = (UInt32(lead & 0x1F) << 6) | UInt32(bytes[index + 1] & 0x3F)
                        index += 2
                    } else if lead < 0xF0, index + 2 < bytes.count {
                        value = (UInt32(lead & 0x0F) << 12) | (UInt32(bytes[index + 1] & 0x3F) << 6) | UInt32(bytes[index + 2] & 0x3F)
                        index += 3
                    } else if index + 3 < bytes.count {
                        value = (UInt32(lead & 0x07) << 18) | (UInt32(bytes[index + 1] & 0x3F) << 12)
                            | (UInt32(bytes[index + 2] & 0x3F) << 6) | UInt32(bytes[index + 3] & 0x3F)
                        index += 4
                    } else {
                        value = 0xFFFD
                        index = bytes.count
                    }
                    buffer[n] = Unicode.Scalar(value) ?? "\u{FFFD}"
                    n += 1
                }
                count = n
            }
        }
        return (scalars, textAfter)
    }

    /// Whether UTF-8 `bytes` hold a non-whitespace scalar at or after `start` (a scalar's first byte).
    static func holdsText(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte < 0x80 {
                if !(byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)) { return true }
                index += 1
                continue
            }
            let length = byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            let end = min(bytes.count, index + length)
            let scalar = String(decoding: UnsafeBufferPointer(rebasing: bytes[index..<end]), as: UTF8.self).unicodeScalars.first
            guard let scalar, isSnippetWhitespace(scalar) else { return true }
            index = end
        }
        return false
    }

    /// Bytes of a text analyzed at a time for its snippet (one slice).
    public static var maxAnalyzedBytes: Int { 64 << 10 }
    /// Bytes of a text looked at in all for a match to show: the rest is never shown.
    public static var maxScannedBytes: Int { 1 << 20 }
    /// The longest snippet, in Unicode scalars (besides the "…" marks).
    public static var maxSnippetScalars: Int { 1_000 }
    /// How far a cut is moved to reach whitespace (so a long word is cut rather than shown whole).
    static var maxWidening: Int { 64 }
    /// A window starting past this many words is cut from a text segmented from shortly before it.
    static var resumeWords: Int { 256 }

    /// The first `maxBytes` of `text` (at a character boundary, and back to whitespace when there is some
    /// in the last quarter) and whether anything was left out.
    static func leadingText(of text: String, maxBytes: Int) -> (text: String, isTruncated: Bool) {
        let (end, isTruncated) = sliceEnd(of: text, from: text.utf8.startIndex, maxBytes: maxBytes)
        return (String(text.unicodeScalars[..<end]), isTruncated)
    }

    /// Where the slice of at most `maxBytes` starting at `start` ends (at a character boundary, and back to
    /// whitespace when there is some in its last quarter), and whether text follows it.
    static func sliceEnd(of text: String, from start: String.Index, maxBytes: Int) -> (end: String.Index, hasMore: Bool) {
        let utf8 = text.utf8
        guard utf8.distance(from: start, to: utf8.endIndex) > maxBytes else { return (utf8.endIndex, false) }
        var end = utf8.index(start, offsetBy: maxBytes)
        while end > start && utf8[end] & 0xC0 == 0x80 { end = utf8.index(before: end) }
        var back = end
        let floor = utf8.index(start, offsetBy: maxBytes * 3 / 4)
        while back > floor && !(utf8[utf8.index(before: back)] == 0x20 || utf8[utf8.index(before: back)] == 0x0A) {
            back = utf8.index(before: back)
        }
        if back > floor { end = back }
        return (end, true)
    }

    /// Token range of the best window (see the type's rules). `matches` is non-empty here.
    func bestWindow(matches: ClauseMatches, clauseCount: Int) -> Range<Int> {
        let size = min(windowWordCount, matches.count)
        var counts = [Int](repeating: 0, count: clauseCount)
        var distinct = 0, total = 0
        func add(_ index: Int, _ delta: Int) {
            guard let clause = matches[index] else { return }
            if delta > 0 && counts[clause] == 0 { distinct += 1 }
            counts[clause] += delta
            if delta < 0 && counts[clause] == 0 { distinct -= 1 }
            total += delta
        }
        for index in 0..<size { add(index, 1) }
        var best = (start: 0, distinct: distinct, total: total)
        var start = 0
        while start + size < matches.count {
            add(start, -1)
            add(start + size, 1)
            start += 1
            if distinct > best.distinct || (distinct == best.distinct && total > best.total) {
                best = (start, distinct, total)
            }
        }
        return best.start..<(best.start + size)
    }

    /// `matchedClauses(tokens:query:)` computed from where the terms occur (`positions`, term → ascending
    /// positions) for a text of `tokenCount` words whose token `i` has position `i`; nil when a position
    /// lies outside the text (the positions are not this text's).
    static func matchedClauses(tokenCount: Int, positions: [String: [Int32]], query: Query) -> ClauseMatches? {
        matchedClauses(tokenCount: tokenCount, positions: TermPositions(positions), query: query)
    }

    /// `matchedClauses(tokenCount:positions:query:)` with the positions as `TermPositions`.
    static func matchedClauses(tokenCount: Int, positions: TermPositions, query: Query) -> ClauseMatches? {
        var result = ClauseMatches(count: tokenCount)
        func occurs(_ term: String, at position: Int) -> Bool {
            let list = positions.list(of: term)
            var low = list.lowerBound, high = list.upperBound
            while low < high {
                let mid = (low + high) / 2
                if Int(positions[mid]) < position { low = mid + 1 } else { high = mid }
            }
            return low < list.upperBound && Int(positions[low]) == position
        }
        for (clauseIndex, clause) in query.clauses.enumerated() where clause.isScored && !clause.terms.isEmpty {
            for start in positions.list(of: clause.terms[0]) {
                let position = Int(positions[start])
                guard position >= 0, position < tokenCount else { return nil }
                if !clause.isPhrase {
                    if result[position] == nil { result[position] = clauseIndex }
                    continue
                }
                // Every part must occur for any to match (checked before marking, so no list of them is made).
                var occursWhole = true
                for part in 1..<clause.terms.count {
                    let other = position + clause.offsets[part] - clause.offsets[0]
                    guard other >= 0, other < tokenCount, occurs(clause.terms[part], at: other) else {
                        occursWhole = false
                        break
                    }
                }
                guard occursWhole else { continue }
                for part in clause.terms.indices {
                    let other = position + clause.offsets[part] - clause.offsets[0]
                    if result[other] == nil { result[other] = clauseIndex }
                }
            }
        }
        return result
    }

    /// For each token, the index of the first scored clause it matches (term equality or phrase part).
    static func matchedClauses(tokens: [Token], query: Query) -> ClauseMatches {
        var result = ClauseMatches(count: tokens.count)
        // Positions never decrease along `tokens`, so the tokens at a position are found by binary search.
        func firstToken(atOrAfter position: Int) -> Int {
            var low = 0, high = tokens.count
            while low < high {
                let mid = (low + high) / 2
                if tokens[mid].position < position { low = mid + 1 } else { high = mid }
            }
            return low
        }
        for (clauseIndex, clause) in query.clauses.enumerated() where clause.isScored && !clause.terms.isEmpty {
            if !clause.isPhrase {
                for index in tokens.indices where result[index] == nil && tokens[index].term == clause.terms[0] {
                    result[index] = clauseIndex
                }
                continue
            }
            for (index, token) in tokens.enumerated() where token.term == clause.terms[0] {
                var parts = [index]
                for part in 1..<clause.terms.count {
                    let position = token.position + clause.offsets[part] - clause.offsets[0]
                    var found: Int?
                    var candidate = firstToken(atOrAfter: position)
                    while candidate < tokens.count && tokens[candidate].position == position {
                        if tokens[candidate].term == clause.terms[part] {
                            found = candidate
                            break
                        }
                        candidate += 1
                    }
                    guard let found else {
                        parts = []
                        break
                    }
                    parts.append(found)
                }
                for part in parts where result[part] == nil { result[part] = clauseIndex }
            }
        }
        return result
    }
}

/// The scalars of a text as `cut` reads them: ASCII bytes, each a scalar (an ASCII text is never decoded),
/// or decoded scalars.
struct ScalarText {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let scalars: UnsafeBufferPointer<Unicode.Scalar>
    private let isASCII: Bool
    let count: Int

    /// The scalars of ASCII `bytes`.
    init(ascii bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        scalars = UnsafeBufferPointer(start: nil, count: 0)
        isASCII = true
        count = bytes.count
    }

    init(scalars: UnsafeBufferPointer<Unicode.Scalar>) {
        bytes = UnsafeBufferPointer(start: nil, count: 0)
        self.scalars = scalars
        isASCII = false
        count = scalars.count
    }

    @inline(__always)
    subscript(position: Int) -> Unicode.Scalar {
        precondition(position >= 0 && position < count, "scalar offset out of range")
        return isASCII ? Unicode.Scalar(bytes[position]) : scalars[position]
    }

    /// Whether a non-whitespace scalar lies in `range`.
    func holdsText(_ range: Range<Int>) -> Bool {
        for i in range where !isSnippetWhitespace(self[i]) { return true }
        return false
    }
}

/// "…" in UTF-8.
private let ellipsis: [UInt8] = [0xE2, 0x80, 0xA6]

/// Unicode White_Space, with the ASCII cases and the ranges that hold no White_Space answered without a
/// property lookup: Latin-1 (U+0085 and U+00A0 are its only ones above ASCII), U+0100..<U+1680, and
/// everything past U+3000 (most letters of non-Latin scripts, CJK above all). The property is looked up
/// only in between. A test compares the answer with the lookup for every scalar.
@inline(__always)
func isSnippetWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    let value = scalar.value
    if value < 0x80 { return value == 0x20 || (value >= 0x09 && value <= 0x0D) }
    if value < 0x100 { return value == 0x85 || value == 0xA0 }
    if value < 0x1680 || value > 0x3000 { return false }
    return scalar.properties.isWhitespace
}
