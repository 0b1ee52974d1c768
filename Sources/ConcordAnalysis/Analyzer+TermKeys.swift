/// Terms with the keys of the words they came from, for an index builder that maps each word once.
extension Analyzer {
    /// The tokens of `text`, a text of at most `sliceBytes` bytes of UTF-8 (nil for a longer one), as a list
    /// of terms and per token the index of its term in it — `termIndices.map { terms[$0] }` is exactly
    /// `tokens(text).map(\.term)` — with per term its word's key in `termKeySpace` (−1: not in the cache).
    ///
    /// Tokens with the same key share one entry of `terms` (a word repeated in the text is listed once);
    /// other tokens have an entry each. The keys are in the key space the cache has on return (if the
    /// cache is cleared during the analysis, the text is analyzed again). No `Token` is made for a word, and
    /// a repeated word adds only its index.
    public func fieldTerms(_ text: String) -> (terms: [String], termIndices: [UInt32], keys: [Int32])? {
        guard text.utf8.count <= Analyzer.sliceBytes else { return nil }
        var text = text
        return text.withUTF8 { bytes in
            // A text whose words fill the cache (clearing it) twice over is analyzed a third time without
            // merging words, and keeps no keys if the cache is cleared again.
            for attempt in 0..<3 {
                let space = termCache.keySpace
                fieldStamp &+= 1
                if fieldStamp == 0 {
                    // Stamps start again: no entry may hold a stamp still to come.
                    for k in fieldKeysSeen.indices { fieldKeysSeen[k] = 0 }
                    fieldStamp = 1
                }
                var sink = FieldTermsSink(seen: fieldKeysSeen, stamp: fieldStamp, merges: attempt < 2)
                fieldKeysSeen = []
                analyzeSlice(bytes, stemming: true, into: &sink)
                fieldKeysSeen = sink.seen
                sink.seen = []
                // Cleared meanwhile: keys from before and after the clearing may name different words.
                if termCache.keySpace === space { return (sink.terms, sink.termIndices, sink.keys) }
                if attempt == 2 { return (sink.terms, sink.termIndices, []) }
            }
            preconditionFailure("the last attempt returns")
        }
    }

    /// The key space of the word cache now (see `fieldTerms(_:)`).
    public var termKeySpace: TermKeySpace { termCache.keySpace }
}
