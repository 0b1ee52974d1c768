import ConcordIndex
/// Expands prefix (`Khrush*`) and fuzzy (`Kruschev~`) query terms into the index's own terms.
///
/// Terms are gathered from every segment's dictionary (`SearchableSegment.forEachTerm`), their document
/// frequencies summed, then ordered by frequency (highest first), ties by UTF-8 bytes, and cut at
/// `limit` (`truncated` then says so). Prefix expansion reads only the dictionary blocks that can hold the
/// prefix; fuzzy expansion walks each dictionary in order, sharing edit-distance rows between terms with a
/// common prefix and jumping past every term whose prefix is already too far (`FuzzyTermWalk`).
public enum TermExpander {
    /// The default cap on prefix expansions (the searcher's, `TermExpansionLimits.prefix`).
    public static let defaultPrefixLimit = TermExpansionLimits.prefix
    /// The default cap on fuzzy expansions (the searcher's, `TermExpansionLimits.fuzzy`; Lucene's
    /// `maxExpansions` is 50).
    public static let defaultFuzzyLimit = TermExpansionLimits.fuzzy

    /// Terms starting with `prefix` (already normalized like index terms, not stemmed).
    public static func prefix<Index: SearchableIndex>(
        _ prefix: String, in index: Index, limit: Int = defaultPrefixLimit
    ) throws -> TermExpansion {
        var frequencies: [String: Int] = [:]
        for segment in index.segments {
            try segment.forEachTerm(withPrefix: prefix) { term, df in
                frequencies[term, default: 0] += df
                return true
            }
        }
        return ranked(frequencies.map { TermExpansion.Entry(term: $0.key, documentFrequency: $0.value, distance: 0) },
                      limit: limit)
    }

    /// Terms within `maxEdits` (0...2) Damerau–Levenshtein edits of `term` whose first `prefixLength`
    /// characters equal `term`'s (Lucene's `prefixLength`; 0, the default, accepts any). Closer terms
    /// come first, then more frequent ones.
    public static func fuzzy<Index: SearchableIndex>(
        _ term: String, maxEdits: Int, in index: Index, limit: Int = defaultFuzzyLimit, prefixLength: Int = 0
    ) throws -> TermExpansion {
        ranked(try fuzzyMatches(term, maxEdits: maxEdits, in: index, prefixLength: prefixLength), limit: limit)
    }

    /// The terms of `fuzzy(_:maxEdits:in:limit:prefixLength:)`, all of them, in no order (for a caller
    /// that picks one by its own order and needs no sort); with `minimumFrequency`, only those whose
    /// document frequency is at least that.
    /// With `slices`, prefixes walked often are walked in memory (see `TermSliceCache`), where the walk of
    /// a minimum frequency above 1 leaves out the rarer terms instead of visiting them.
    static func fuzzyMatches<Index: SearchableIndex>(
        _ term: String, maxEdits: Int, in index: Index, prefixLength: Int = 0, slices: TermSliceCache? = nil,
        minimumFrequency: Int = 1
    ) throws -> [TermExpansion.Entry] {
        let edits = min(max(maxEdits, 0), 2)
        let source = Array(term.unicodeScalars)
        // Every match starts with the bytes of the word's required scalars (unless one of them is U+FFFD,
        // which damaged bytes of many spellings decode to): only that part of each dictionary is walked.
        let head = source.prefix(max(prefixLength, 0))
        var required: [UInt8] = []
        if !head.contains(Unicode.Scalar(0xFFFD)!) {
            for scalar in head { UTF8.encode(scalar) { required.append($0) } }
        }
        var collector = FuzzyCollector(walk: FuzzyTermWalk(source: source, maxEdits: edits, prefixLength: prefixLength))
        if let slices {
            try slices.walk(index, startingWith: required, minimumFrequency: minimumFrequency) {
                collector.visit($0, shared: $1, documentFrequency: $2)
            }
        } else {
            // Each segment's walk starts with a term that shares nothing (0) with one before: the rows
            // start over.
            for segment in index.segments {
                try segment.walkTerms(startingWith: required) { collector.visit($0, shared: $1, documentFrequency: $2) }
            }
        }
        if minimumFrequency <= 1 { return Array(collector.found.values) }
        return collector.found.values.filter { $0.documentFrequency >= minimumFrequency }
    }

    /// The terms a fuzzy walk finds within its limit, by text. A term of several segments comes once per
    /// segment (or once with their frequencies summed); damaged bytes of two terms may read as one
    /// string, whose frequencies then add up as one term's.
    private struct FuzzyCollector {
        var walk: FuzzyTermWalk
        var found: [String: TermExpansion.Entry] = [:]

        mutating func visit(_ candidate: UnsafeRawBufferPointer, shared: Int, documentFrequency: Int) -> TermWalkStep {
            let (step, distance) = walk.visit(candidate, shared: shared)
            if let distance {
                let text = String(decoding: candidate, as: UTF8.self)
                found[text, default: TermExpansion.Entry(term: text, documentFrequency: 0, distance: distance)]
                    .documentFrequency += documentFrequency
            }
            return step
        }
    }

    static func ranked(_ entries: [TermExpansion.Entry], limit: Int) -> TermExpansion {
        let sorted = entries.sorted { a, b in
            if a.distance != b.distance { return a.distance < b.distance }
            if a.documentFrequency != b.documentFrequency { return a.documentFrequency > b.documentFrequency }
            return a.term.utf8.lexicographicallyPrecedes(b.term.utf8)
        }
        let kept = max(0, limit)
        return TermExpansion(entries: Array(sorted.prefix(kept)), truncated: sorted.count > kept)
    }
}
