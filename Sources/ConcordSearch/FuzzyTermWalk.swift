import ConcordIndex

/// Finds the terms of a sorted dictionary within `maxEdits` Damerau–Levenshtein edits of a word (the
/// same distances as `EditDistance`), visiting terms in ascending byte order as
/// `SearchableSegment.walkTerms` hands them over.
///
/// The rows of the distance table are kept for the scalars a term shares with the previous one, so
/// each term costs only its new suffix; when a prefix's row is already beyond the limit the walk skips
/// every term that starts with it. Term bytes are decoded as UTF-8 the way `String(decoding:as:)` does
/// (an invalid sequence is one U+FFFD), so damaged bytes give an answer, never a trap.
struct FuzzyTermWalk {
    private var rows: EditDistanceRows
    /// Byte offset just past each scalar of the current candidate, negated when the scalar is an
    /// invalid sequence (offsets are at least 1); `scalarCount` of them (the array only grows).
    private var scalarEnds: [Int] = []
    private var scalarCount = 0
    /// The term visited before, kept only by `visit(_:)` (arrays).
    private var previous: [UInt8] = []

    /// Leading scalars a match must share with the source exactly.
    private let prefixLength: Int
    /// The source's ASCII scalars. When a row's minimum is the limit, a next scalar the source does not
    /// hold raises every cell of the next row above it (each cell comes from one of the row before, or
    /// from its left neighbour, plus a mismatch, and a swap needs the scalar in the source), so the
    /// terms that go on with such a byte are skipped without a visit.
    private let sourceBytes: ASCIIByteSet

    /// `prefixLength`: how many leading scalars of the source a term must repeat exactly (0: none).
    init(source: [Unicode.Scalar], maxEdits: Int, prefixLength: Int = 0) {
        rows = EditDistanceRows(source: source, limit: maxEdits)
        self.prefixLength = min(max(prefixLength, 0), source.count)
        sourceBytes = ASCIIByteSet(source)
        scalarEnds.reserveCapacity(32)
    }

    /// The walk's next step after `term`, and `term`'s distance when it is within the limit (for a
    /// caller that does not know what `term` shares with the term visited before).
    mutating func visit(_ term: [UInt8]) -> (TermWalkStep, Int?) {
        let shared = zip(term, previous).prefix { $0 == $1 }.count
        previous = term
        return term.withUnsafeBytes { visit($0, shared: shared) }
    }

    /// The walk's next step after `term`, and `term`'s distance when it is within the limit; `shared`:
    /// how many leading bytes `term` shares with the term visited before (as the dictionary walk says).
    mutating func visit(_ term: UnsafeRawBufferPointer, shared: Int) -> (TermWalkStep, Int?) {
        // A scalar is shared when all the bytes that decided it are: a valid one ends inside the common
        // prefix; an invalid one was cut at the byte after it, which must be common too. The bytes a
        // scalar needs grow with its index (ends ascend, an invalid one needs one more byte, which is at
        // most the next end), so the shared scalars are a prefix: found from the end, since consecutive
        // terms of a sorted dictionary mostly differ in their last scalars only.
        var kept = scalarCount
        while kept > 0, scalarEnds[kept - 1] > 0 ? scalarEnds[kept - 1] > shared : -scalarEnds[kept - 1] >= shared { kept -= 1 }
        rows.truncate(to: kept)
        scalarCount = kept

        var offset = kept == 0 ? 0 : abs(scalarEnds[kept - 1])
        while offset < term.count {
            let scalar: Unicode.Scalar, length: Int, valid: Bool
            if term[offset] < 0x80 {
                // ASCII, most terms: one byte, one scalar.
                scalar = Unicode.Scalar(term[offset])
                length = 1
                valid = true
            } else {
                // A fresh parser per scalar: an invalid sequence's length excludes the byte that ended it,
                // which the next scalar then starts with, as `String(decoding:as:)` repairs it.
                var parser = Unicode.UTF8.ForwardParser()
                var bytes = term[offset...].makeIterator()
                switch parser.parseScalar(from: &bytes) {
                case .valid(let encoded):
                    scalar = Unicode.UTF8.decode(encoded)
                    length = encoded.count
                    valid = true
                case .error(let errorLength):
                    scalar = Unicode.Scalar(0xFFFD)!
                    length = max(errorLength, 1)
                    valid = false
                case .emptyInput:
                    return (.next, rows.depth >= prefixLength ? rows.distance : nil)
                }
            }
            offset += length
            if scalarEnds.count == scalarCount { scalarEnds.append(0) }
            scalarEnds[scalarCount] = valid ? offset : -offset
            scalarCount += 1
            let depth = rows.depth
            if (depth < prefixLength && scalar.value != rows.source[depth]) || rows.append(scalar) > rows.limit {
                // An ASCII scalar the source lacks, after a row at the limit: every term that goes on
                // from the scalars before with a byte the source lacks is out.
                if length == 1, scalar.value < 0x80, !sourceBytes.contains(UInt8(scalar.value)),
                   depth == 0 || scalarEnds[depth - 1] > 0, rows.minimum(ofRow: depth) >= rows.limit {
                    return (.skipExtensions(prefixLength: offset - 1, kept: sourceBytes), nil)
                }
                // Every term that starts with the bytes that decided this scalar is out too. An invalid
                // sequence was decided by the byte after it (or by the term's end: then longer terms may
                // decode otherwise, and nothing is skipped).
                if valid { return (.skip(prefixLength: offset), nil) }
                return offset < term.count ? (.skip(prefixLength: offset + 1), nil) : (.next, nil)
            }
        }
        // A term shorter than the required prefix cannot repeat it.
        let distance = rows.depth >= prefixLength ? rows.distance : nil
        // A row at the limit: of the longer terms, only those going on with a byte the source holds (or
        // a non-ASCII one) can match.
        if scalarCount == 0 || scalarEnds[scalarCount - 1] > 0, rows.minimum(ofRow: rows.depth) >= rows.limit {
            return (.skipExtensions(prefixLength: term.count, kept: sourceBytes), distance)
        }
        return (.next, distance)
    }
}
