/// Terms with the keys of the words they came from, for an index builder that maps each word once.
extension Analyzer {
    /// The terms of `text`'s tokens in order — exactly `tokens(text).map(\.term)` — and `keys`: for each
    /// token, its word's key in `keySpace` (−1 for a word the cache does not hold), or no keys at all
    /// when the cache was cleared meanwhile (the earlier keys belong to a space that is gone).
    ///
    /// Two tokens with the same key in the same space have the same term, so a caller may remember what
    /// it made of a term by key instead of hashing the term again; a key means nothing in another space.
    public func termsAndKeys(_ text: String) -> (terms: [String], keys: [Int32], keySpace: TermKeySpace) {
        let space = termCache.keySpace
        var terms: [String] = [], keys: [Int32] = []
        forEachTokenBatch(text) { tokens in
            // Slice by slice, without first gathering every token (a text of one slice, the usual case,
            // gets arrays of exactly its length; later slices grow them geometrically).
            if terms.isEmpty {
                terms.reserveCapacity(tokens.count)
                keys.reserveCapacity(tokens.count)
            }
            for token in tokens {
                terms.append(token.term)
                keys.append(token.cacheKey)
            }
        }
        guard termCache.keySpace === space else { return (terms, [], space) }
        return (terms, keys, space)
    }

    /// The key space of the word cache now (see `termsAndKeys(_:)`).
    public var termKeySpace: TermKeySpace { termCache.keySpace }
}
