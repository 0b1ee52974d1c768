/// Where analysis puts the words it keeps, in order: a token array, or the terms of a field being indexed
/// (`FieldTermsSink`), which needs no `Token` per word.
protocol TokenSink {
    /// Words kept so far: the next word's position.
    var count: Int { get }
    /// Room for about `count` words in all.
    mutating func reserveCapacity(_ count: Int)
    /// Appends the next word: its term, stop flag and cache key, and where it came from (offsets in
    /// scalars, `[start, end)`).
    mutating func append(_ term: ResolvedTerm, start: Int, end: Int)
}

extension Array: TokenSink where Element == Token {
    @inline(__always)
    mutating func append(_ term: ResolvedTerm, start: Int, end: Int) {
        append(Token(term: term.term, position: count, start: start, end: end, isStopWord: term.isStopWord))
    }
}

/// The terms of one field for an index builder (see `Analyzer.fieldTerms(_:)`): `terms` with one key each
/// (−1: none), and per word the index of its term in `terms`. Words with the same cache key share one
/// entry of `terms` (a repeated word adds only its index: no term is kept for it); the others get an
/// entry each.
///
/// Which entry a key has is remembered in `seen` (by key: the field's `stamp` in the high 32 bits, the
/// entry in the low), kept by the analyzer between fields so a field costs no table of its own: an entry
/// of another stamp is from another field. Keys are only merged while they are in one key space: the
/// caller analyzes a field again when the term cache was cleared meanwhile.
struct FieldTermsSink: TokenSink {
    var terms: [String] = []
    var keys: [Int32] = []
    var termIndices: [UInt32] = []
    var seen: [UInt64]
    let stamp: UInt64
    /// Whether words with one key share an entry (else each word has its own).
    let merges: Bool

    init(seen: [UInt64], stamp: UInt32, merges: Bool = true) {
        self.seen = seen
        self.stamp = UInt64(stamp)
        self.merges = merges
    }

    var count: Int { termIndices.count }

    mutating func reserveCapacity(_ count: Int) {
        termIndices.reserveCapacity(count)
        terms.reserveCapacity(count)
        keys.reserveCapacity(count)
    }

    @inline(__always)
    mutating func append(_ term: ResolvedTerm, start: Int, end: Int) {
        let key = Int(term.cacheKey)
        if merges && key >= 0 {
            if key >= seen.count {
                seen.append(contentsOf: repeatElement(0, count: max(key + 1 - seen.count, seen.count, 1024)))
            }
            let entry = seen[key]
            if entry >> 32 == stamp {
                termIndices.append(UInt32(truncatingIfNeeded: entry))
                return
            }
            seen[key] = stamp << 32 | UInt64(terms.count)
        }
        termIndices.append(UInt32(truncatingIfNeeded: terms.count))
        terms.append(term.term)
        keys.append(term.cacheKey)
    }
}
