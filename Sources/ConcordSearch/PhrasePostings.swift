/// Exact phrase matches of one phrase clause in one segment: live documents ascending with the number of
/// phrase occurrences per field. Built by a full pass, because BM25F needs the phrase's n_t anyway.
///
/// An occurrence is a start position p such that, in the same field, every part i of the phrase has its
/// term at position p + offset_i. Overlapping occurrences all count ("a a" occurs twice in "a a a").
struct PhrasePostings {
    var docs: [Int32] = []
    /// Three counts per entry of `docs`: title, summary, body.
    var frequencies: [Int32] = []

    var count: Int { docs.count }

    func frequencies(at index: Int) -> (Int, Int, Int) {
        let base = index * 3
        return (Int(frequencies[base]), Int(frequencies[base + 1]), Int(frequencies[base + 2]))
    }

    /// Index of `doc` in `docs`, if present (binary search).
    func index(of doc: Int32) -> Int? {
        var low = 0, high = docs.count
        while low < high {
            let mid = (low + high) / 2
            if docs[mid] < doc { low = mid + 1 } else { high = mid }
        }
        return low < docs.count && docs[low] == doc ? low : nil
    }

    /// Scans `segment` for `clause` (which must have at least two terms). With `documentLimit`, the scan
    /// stops at that many matching documents (the first ones, for a count that needs no more).
    static func collect<Segment: SearchableSegment>(_ clause: QueryClause, in segment: Segment,
                                                    documentLimit: Int = Int.max) throws -> PhrasePostings {
        let (distinctTerms, cursorOfPart) = partsMapping(clause.terms)
        if distinctTerms.count >= 2 {
            var offsetsOfTerm = [[Int]](repeating: [], count: distinctTerms.count)
            for (part, term) in cursorOfPart.enumerated() { offsetsOfTerm[term].append(clause.offsets[part]) }
            return try collectByStarts(distinctTerms, offsetsOfTerm: offsetsOfTerm, in: segment, documentLimit: documentLimit)
        }
        // One word repeated ("very very"): every part reads the same positions.
        let offsets = clause.offsets.map { Int32(clamping: $0) }
        return try scan(distinctTerms, in: segment, field: nil, documentLimit: documentLimit) { positions in
            countOccurrences(positions: positions, cursorOfPart: cursorOfPart, offsets: offsets)
        }
    }

    /// `collect` for a phrase of two or more distinct words (`terms`; word t sits at each of the offsets
    /// `offsetsOfTerm[t]`, more than one for a repeated word): per field the two rarest words' positions
    /// give the candidate starts (`PostingsCursor.pairStarts`, which reads each document's positions of
    /// both in one pass and stops reading the commoner one's past the rarer one's last start), and each
    /// further part — a repeated word's other offsets, then the commoner words', rarest first — keeps
    /// those where its word sits at its offset (`PostingsCursor.retainStarts`). A field is dropped as
    /// soon as no candidate is left.
    ///
    /// With three or more words only the two rarest are intersected document by document; a commoner
    /// word's cursor is moved to a document only when the rarer words line up there, so the blocks and
    /// positions of a word such as "the" or "is" are read only near those few documents.
    static func collectByStarts<Segment: SearchableSegment>(_ terms: [String], offsetsOfTerm: [[Int]], in segment: Segment,
                                                            documentLimit: Int = Int.max) throws -> PhrasePostings {
        // The candidate starts of each field: `capacity` values per field (grown to the rarest word's
        // frequency there).
        var capacity = 64
        var starts = UnsafeMutablePointer<Int>.allocate(capacity: 3 * capacity)
        defer { starts.deallocate() }
        // The parts after the intersected pair's two (cursor, offset), in the order they narrow the
        // starts: set at the first document, once the cursors' order (rarest first) is known.
        var furtherParts: [(cursor: Int, offset: Int)]? = nil
        return try scanCommonDocuments(terms, in: segment, field: nil, leading: 2, masked: false,
                                       documentLimit: documentLimit) { cursors, termOfCursor, doc, fields in
            let firstOffset = offsetsOfTerm[termOfCursor[0]][0], secondOffset = offsetsOfTerm[termOfCursor[1]][0]
            var wanted = fields
            var found = try cursors[0].pairStarts(with: &cursors[1], offset: firstOffset, otherOffset: secondOffset,
                                                  fields: wanted, into: starts, capacity: capacity)
            while found == nil {
                // A field holds more of the rarer word than the buffer has room for. A frequency past the
                // field's length is damage: the buffer never grows for it, and the field is left out.
                let tf = cursors[0].currentFrequencies()
                var grown = capacity
                for field in 0..<3 where wanted & (1 << field) != 0 {
                    let frequency = field == 0 ? tf.0 : field == 1 ? tf.1 : tf.2
                    if frequency <= capacity { continue }
                    if frequency <= segment.fieldLength(doc, field: field) {
                        grown = max(grown, frequency)
                    } else {
                        wanted &= ~(1 << field)
                    }
                }
                if grown > capacity {
                    starts.deallocate()
                    capacity = max(grown, capacity * 2)
                    starts = UnsafeMutablePointer<Int>.allocate(capacity: 3 * capacity)
                }
                found = try cursors[0].pairStarts(with: &cursors[1], offset: firstOffset, otherOffset: secondOffset,
                                                  fields: wanted, into: starts, capacity: capacity)
            }
            guard let pair = found else { return (0, 0, 0) }
            var counts = (Int32(clamping: pair.0), Int32(clamping: pair.1), Int32(clamping: pair.2))
            let parts: [(cursor: Int, offset: Int)]
            if let furtherParts {
                parts = furtherParts
            } else {
                parts = cursors.indices.flatMap { k in offsetsOfTerm[termOfCursor[k]].dropFirst(k < 2 ? 1 : 0).map { (k, $0) } }
                furtherParts = parts
            }
            guard !parts.isEmpty, pair.0 + pair.1 + pair.2 > 0 else { return counts }
            for field in 0..<3 {
                var count = field == 0 ? pair.0 : field == 1 ? pair.1 : pair.2
                guard count > 0 else { continue }
                for (k, offset) in parts where count > 0 {
                    if k >= 2 {
                        // A word outside the intersection: moved here only now, and skipped where absent.
                        if cursors[k].doc < doc, try cursors[k].advance(to: doc) == Int32.max { return (0, 0, 0) }
                        if cursors[k].doc != doc { return (0, 0, 0) }
                        let tf = cursors[k].currentFrequencies()
                        if (field == 0 ? tf.0 : field == 1 ? tf.1 : tf.2) == 0 {
                            count = 0
                            break
                        }
                    }
                    count = try cursors[k].retainStarts(starts + field * capacity, count: count, offset: offset, inField: field)
                }
                switch field {
                case 0: counts.0 = Int32(clamping: count)
                case 1: counts.1 = Int32(clamping: count)
                default: counts.2 = Int32(clamping: count)
                }
            }
            return counts
        }
    }

    /// The live documents of `segment` that hold every one of `distinctTerms` (empty when one is absent),
    /// with per field — every field, or only `field` — the occurrences `count` finds in the terms'
    /// positions there (`count` gets one ascending position list per distinct term, in their order); a
    /// document is kept when some field has an occurrence.
    static func scan<Segment: SearchableSegment>(
        _ distinctTerms: [String], in segment: Segment, field only: SearchField?,
        documentLimit: Int = Int.max, count: ([[Int32]]) -> Int32
    ) throws -> PhrasePostings {
        var positions = [[Int32]](repeating: [], count: distinctTerms.count)
        func countField(_ cursors: UnsafeMutableBufferPointer<Segment.Cursor>, _ termOfCursor: [Int], _ field: Int) throws -> Int32 {
            // Decoded in place into arrays reused across documents (no copy, no allocation).
            for k in cursors.indices {
                try cursors[k].positions(inField: field, into: &positions[termOfCursor[k]])
            }
            return count(positions)
        }
        return try scanCommonDocuments(distinctTerms, in: segment, field: only,
                                       documentLimit: documentLimit) { cursors, termOfCursor, _, fields in
            var counts: (Int32, Int32, Int32) = (0, 0, 0)
            if fields & 1 != 0 { counts.0 = try countField(cursors, termOfCursor, 0) }
            if fields & 2 != 0 { counts.1 = try countField(cursors, termOfCursor, 1) }
            if fields & 4 != 0 { counts.2 = try countField(cursors, termOfCursor, 2) }
            return counts
        }
    }

    /// The loop under `scan` and `collectByStarts`: the live documents of `segment` holding every one of
    /// `distinctTerms` (none when one is absent) and, per field, the occurrences `countDocument` finds
    /// there. It gets the cursors, rarest term first (`termOfCursor[k]`: the index in `distinctTerms` of
    /// cursor k's term), the document and the fields — every field, or only `field` — where every
    /// intersected term occurs (bit f: field f; never 0; see `masked`), and answers the counts (title, summary, body),
    /// 0 for a field not given. A document is kept when some field has an occurrence.
    ///
    /// With `leading` set, only the first `leading` cursors are intersected (and sit on the document);
    /// `countDocument` moves the others itself and answers 0 where one lacks the document or the field.
    /// With `masked` false, the fields are not narrowed to those where the intersected terms occur:
    /// `countDocument` gets every field in scope and checks the frequencies itself. The scan stops once
    /// `documentLimit` documents are kept.
    @inline(__always)
    static func scanCommonDocuments<Segment: SearchableSegment>(
        _ distinctTerms: [String], in segment: Segment, field only: SearchField?, leading: Int = Int.max,
        masked: Bool = true, documentLimit: Int = Int.max, countDocument: (UnsafeMutableBufferPointer<Segment.Cursor>, [Int], Int32, Int) throws -> (Int32, Int32, Int32)
    ) throws -> PhrasePostings {
        var result = PhrasePostings()
        var byTerm: [Segment.Cursor] = []
        for term in distinctTerms {
            guard let cursor = try segment.postings(for: term) else { return result }
            byTerm.append(cursor)
        }
        // The rarest term leads the intersection (the others only skip to its documents).
        let termOfCursor = byTerm.indices.sorted { (byTerm[$0].documentFrequency, $0) < (byTerm[$1].documentFrequency, $1) }
        var cursors = termOfCursor.map { byTerm[$0] }
        byTerm = []
        // Fields the scan may count in (bit f: field f).
        let scope = only.map { 1 << $0.rawValue } ?? (1 << SearchField.count) - 1
        // The cursors are worked on in place through a buffer: reading one through the array would copy
        // the cursor value (and retain what it references) for every field of every document.
        try cursors.withUnsafeMutableBufferPointer { cursors in
            let intersected = UnsafeMutableBufferPointer(rebasing: cursors[0..<min(max(leading, 1), cursors.count)])
            var target: Int32 = 0
            while true {
                let doc = try intersected.advanceToCommonDocument(from: target)
                if doc == Int32.max { break }
                target = doc &+ 1
                guard segment.isLive(doc) else { continue }
                var fields = scope
                for k in intersected.indices where masked {
                    // The fields where the term occurs, as a mask built without branches (whether a
                    // field holds the term varies from document to document: branches would mispredict).
                    let tf = cursors[k].currentFrequencies()
                    fields &= (tf.0 != 0 ? 1 : 0) | (tf.1 != 0 ? 2 : 0) | (tf.2 != 0 ? 4 : 0)
                }
                if fields == 0 { continue }
                let counts = try countDocument(cursors, termOfCursor, doc, fields)
                if counts.0 + counts.1 + counts.2 > 0 {
                    result.docs.append(doc)
                    result.frequencies.append(counts.0)
                    result.frequencies.append(counts.1)
                    result.frequencies.append(counts.2)
                    if result.docs.count >= documentLimit { break }
                }
                if doc == Int32.max - 1 { break }
            }
        }
        return result
    }

    /// The distinct terms of a phrase in order of first appearance, and for each part the index of its
    /// term among them: one hash lookup per part, so linear in the phrase's length.
    static func partsMapping<Term: Hashable>(_ terms: [Term]) -> (distinct: [Term], cursorOfPart: [Int]) {
        var distinct: [Term] = []
        var indexOfTerm: [Term: Int] = [:]
        var cursorOfPart: [Int] = []
        cursorOfPart.reserveCapacity(terms.count)
        for term in terms {
            if let existing = indexOfTerm[term] {
                cursorOfPart.append(existing)
            } else {
                indexOfTerm[term] = distinct.count
                cursorOfPart.append(distinct.count)
                distinct.append(term)
            }
        }
        return (distinct, cursorOfPart)
    }

    /// Counts start positions where every part sits at its offset; binary search per part.
    static func countOccurrences(positions: [[Int32]], cursorOfPart: [Int], offsets: [Int32]) -> Int32 {
        var found: Int32 = 0
        let anchor = positions[cursorOfPart[0]]
        for p in anchor {
            let start = p &- offsets[0]
            var all = true
            for part in 1..<cursorOfPart.count {
                if !contains(positions[cursorOfPart[part]], start &+ offsets[part]) {
                    all = false
                    break
                }
            }
            if all { found += 1 }
        }
        return found
    }

    private static func contains(_ sorted: [Int32], _ value: Int32) -> Bool {
        var low = 0, high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] < value { low = mid + 1 } else { high = mid }
        }
        return low < sorted.count && sorted[low] == value
    }
}
