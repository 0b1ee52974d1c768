/// "Did you mean": respells a query from the index's own terms.
///
/// Each word of the query (as the analyzer tokenizes it; stop words and words under three letters are
/// left alone) whose term is rare in the index is compared with the dictionary: among terms that start
/// with the word's first character and are within Lucene's AUTO edit distance (1 edit below five letters,
/// 2 from five), the most frequent one replaces the
/// word when it occurs in more documents than the word itself and at least `minimumDocuments`. The
/// replacement is shown as it is written in a document that contains it (`Kruschev` → `Khrushchev`),
/// lower-cased when the user typed the word in lower case. Everything else of the query text (operators,
/// quotes, fields) is kept as typed. Returns nil when no word changes.
public struct SpellingSuggester<Index: SearchableIndex, Tokenizer: TextTokenizing> {
    public let index: Index
    public let tokenizer: Tokenizer
    /// A word occurring in more documents than this is taken as correctly spelled.
    public var rareDocumentFrequency: Int
    /// A replacement must occur in at least this many documents.
    public var minimumDocuments: Int
    /// Where a searcher keeps the dictionary slices its walks come back to (nil: none kept).
    public var termSlices: TermSliceCache?
    /// Rare words looked up in the dictionary per query, the first ones in text order (each lookup
    /// compares the word with every term, so a long query of unknown words stays cheap); later words
    /// are left as typed.
    public static var maximumRespelledWords: Int { 8 }
    /// Leading characters a replacement must share with the word (as Lucene's DirectSpellChecker and
    /// Elasticsearch's term suggester require by default: misspellings rarely start a word, and the
    /// dictionary walk then reads only the terms that start like the word).
    public static var requiredPrefixLength: Int { 1 }

    public init(index: Index, tokenizer: Tokenizer, rareDocumentFrequency: Int = 0, minimumDocuments: Int = 1) {
        self.index = index
        self.tokenizer = tokenizer
        self.rareDocumentFrequency = rareDocumentFrequency
        self.minimumDocuments = minimumDocuments
    }

    /// One respelled word: the scalar range it covers in the query text and what replaces it.
    public struct Correction: Equatable, Sendable {
        public var range: Range<Int>
        public var original: String
        public var replacement: String
        public var documentFrequency: Int
    }

    /// The respelled query text, or nil when nothing is worth respelling.
    public func suggestion(for queryText: String) throws -> String? {
        let corrections = try self.corrections(for: queryText)
        guard !corrections.isEmpty else { return nil }
        var scalars = Array(queryText.unicodeScalars)
        for correction in corrections.reversed() {
            scalars.replaceSubrange(correction.range, with: Array(correction.replacement.unicodeScalars))
        }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The words worth respelling, in text order.
    public func corrections(for queryText: String) throws -> [Correction] {
        let scalars = Array(queryText.unicodeScalars)
        var corrections: [Correction] = []
        var lookedUp = 0
        for token in tokenizer.tokens(queryText) where !token.isStopWord {
            guard lookedUp < Self.maximumRespelledWords else { break }
            guard token.start >= 0, token.start < token.end, token.end <= scalars.count else { continue }
            let length = token.term.unicodeScalars.count
            guard length >= 3 else { continue }
            let ownFrequency = try documentFrequency(of: token.term)
            guard ownFrequency <= rareDocumentFrequency else { continue }
            lookedUp += 1
            // The most frequent match, ties to the smaller bytes: one pass over the matches, which need no sort.
            // Only terms more frequent than the word (and than `minimumDocuments`) can replace it: the
            // walk leaves the rarer ones out where it can (most terms occur in one document).
            let matches = try TermExpander.fuzzyMatches(
                token.term, maxEdits: EditDistance.automaticEdits(forLength: length), in: index,
                prefixLength: Self.requiredPrefixLength, slices: termSlices,
                minimumFrequency: max(ownFrequency + 1, minimumDocuments, 1))
            let best = matches
                .filter { $0.distance > 0 && $0.documentFrequency > ownFrequency && $0.documentFrequency >= minimumDocuments }
                .max { a, b in
                    a.documentFrequency != b.documentFrequency
                        ? a.documentFrequency < b.documentFrequency
                        : b.term.utf8.lexicographicallyPrecedes(a.term.utf8)
                }
            guard let best, let surface = try surfaceForm(of: best.term) else { continue }
            var originalView = String.UnicodeScalarView()
            originalView.append(contentsOf: scalars[token.start..<token.end])
            let original = String(originalView)
            let typedLowerCase = !original.unicodeScalars.contains { $0.properties.isUppercase }
            corrections.append(Correction(range: token.start..<token.end, original: original,
                                          replacement: typedLowerCase ? surface.lowercased() : surface,
                                          documentFrequency: best.documentFrequency))
        }
        return corrections
    }

    private func documentFrequency(of term: String) throws -> Int {
        try index.segments.reduce(0) { $0 + (try $1.liveDocumentFrequency(of: term)) }
    }

    /// How `term` is written in the first live document that contains it (title, then summary, then body).
    func surfaceForm(of term: String) throws -> String? {
        for segment in index.segments {
            guard var cursor = try segment.postings(for: term) else { continue }
            var doc = try cursor.next()
            while doc != Int32.max, !segment.isLive(doc) { doc = try cursor.next() }
            guard doc != Int32.max else { continue }
            let fields = try segment.storedFields(doc)
            if let surface = try surfaceFromPositions(&cursor, fields) { return surface }
            for name in ["title", "summary", "body"] {
                guard let text = fields[name] else { continue }
                let scalars = Array(text.unicodeScalars)
                for token in tokenizer.tokens(text) where token.term == term {
                    guard token.start >= 0, token.start < token.end, token.end <= scalars.count else { continue }
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[token.start..<token.end])
                    return String(view)
                }
            }
        }
        return nil
    }

    /// The word at the term's first position in the first of title, summary and body that holds it, in
    /// `fields` of the cursor's document: the first token of the term in those fields, found by
    /// segmenting the field's words up to that position only (without analyzing them). Nil when the
    /// field's words do not reach it (the caller then analyzes the fields).
    private func surfaceFromPositions(_ cursor: inout Index.Segment.Cursor, _ fields: [String: String]) throws -> String? {
        let tf = cursor.currentFrequencies()
        let field = tf.0 > 0 ? 0 : tf.1 > 0 ? 1 : tf.2 > 0 ? 2 : -1
        guard field >= 0, let text = fields[["title", "summary", "body"][field]],
              let first = try cursor.positions(inField: field).first, first >= 0, first < Int32.max
        else { return nil }
        let position = Int(first)
        guard let words = tokenizer.wordBounds(text, limit: position + 1), words.count == position + 1 else { return nil }
        let word = words[position]
        let scalars = text.unicodeScalars
        guard word.start >= 0, word.start < word.end, word.end <= scalars.count else { return nil }
        var view = String.UnicodeScalarView()
        let start = scalars.index(scalars.startIndex, offsetBy: word.start)
        view.append(contentsOf: scalars[start..<scalars.index(start, offsetBy: word.end - word.start)])
        return String(view)
    }
}
