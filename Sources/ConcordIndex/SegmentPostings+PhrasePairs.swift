import ConcordStorage

extension SegmentPostings {
    /// The two-word core of an exact phrase, for one document: with `self` and `other` on the same
    /// document, per field f whose bit is set in `fields` and where both terms occur, writes to
    /// `starts + f * capacity` the starts s, ascending, at which `self`'s term sits at position
    /// s + `offset` and `other`'s at s + `otherOffset`, and returns how many per field (title, summary,
    /// body; 0 for another field). Returns nil, reading nothing, when `self`'s frequency in such a field
    /// exceeds `capacity` (the caller grows the buffer and asks again).
    ///
    /// It is `writeStarts` on `self` followed by `retainStarts` on `other` for each field, in one pass
    /// over the document's positions of each cursor: each cursor finds where the document's positions
    /// start once (skipping the earlier documents' in one count) and reads its frequencies once; a field's
    /// positions follow as many values as the fields before it hold, so only the fields asked for are
    /// visited (one set bit of the mask after the other, with no test per field); `other`'s positions
    /// past the last start of a field are passed over, not decoded (value indices of the term's position
    /// runs). `self` should be the rarer word (its positions are all decoded).
    /// Afterwards the positions of the current document are found again from the block's start if read.
    public mutating func pairStarts(with other: inout SegmentPostings, offset: Int, otherOffset: Int, fields: Int,
                                    into starts: UnsafeMutablePointer<Int>, capacity: Int) throws -> (Int, Int, Int)? {
        // Locals only below: a method of the cursor called from this mutating one would copy the cursor.
        // Both blocks' frequencies are unpacked here rather than at the position seeks below (which
        // unpack them at a block's first seek anyway): the frequencies are then read from plain arrays.
        buffers.ensureFrequencies()
        other.buffers.ensureFrequencies()
        let tf = Self.unpackedFrequencies(buffers, indexInBlock)
        let otherTF = Self.unpackedFrequencies(other.buffers, other.indexInBlock)
        let wanted = fields & Self.fieldMask(tf) & Self.fieldMask(otherTF)
        guard wanted != 0 else { return (0, 0, 0) }
        // Bit f: field f is asked for and holds more of the rarer word than `capacity` (built without
        // branches, as `fieldMask` is).
        let over = wanted & (((capacity &- tf.0) &>> 63) & 1 | ((capacity &- tf.1) &>> 63) & 2 | ((capacity &- tf.2) &>> 63) & 4)
        if over != 0 {
            // Each such field's positions are read through once (they must be there and ascend), so
            // that the caller grows its buffer only for positions the file holds.
            for field in 0..<IndexField.count where over & (1 << field) != 0 {
                let n = Self.select(tf, field)
                var at = try Self.fieldStart(&self, tf, field)
                var previous: Int32 = -1, ascending = true
                _ = try PositionRuns.walk(n, from: &at, state: buffers.runState, values: buffers.runValues,
                                          body: positionsBody, file: positionFileName) { _, p in
                    ascending = p > previous
                    previous = p
                    return ascending
                }
                guard ascending else {
                    throw StorageError.corrupt(file: positionFileName, reason: "the \(n) positions of a field (frequency \(n)) do not ascend")
                }
            }
            return nil
        }
        // Where each cursor's positions of the document start (value indices); a field's start is found
        // from them with the frequencies of the fields before it, so the fields asked for are visited
        // one set bit after the other, with no test per field in between.
        let documentStart = try Self.fieldStart(&self, tf, 0)
        let otherDocumentStart = try Self.fieldStart(&other, otherTF, 0)
        let body = positionsBody, otherBody = other.positionsBody
        let file = positionFileName, otherFile = other.positionFileName
        let state = buffers.runState, values = buffers.runValues
        let otherState = other.buffers.runState, otherValues = other.buffers.runValues
        // Three scalars, each set by a select: storing one lane of a vector at a varying index and
        // reading the vector back stalled on store forwarding (7% of this function's time).
        var counts = (0, 0, 0)
        var rest = wanted
        repeat {
            let field = rest.trailingZeroBitCount
            rest &= rest &- 1
            let n = Self.select(tf, field), m = Self.select(otherTF, field)
            var at = documentStart &+ Self.valuesBefore(field, tf)
            var otherAt = otherDocumentStart &+ Self.valuesBefore(field, otherTF)
            let out = starts + field &* capacity
            _ = try PositionRuns.walk(n, from: &at, state: state, values: values, body: body, file: file) { i, p in
                out[i] = Int(p) &- offset
                return true
            }
            var kept = 0, next = 0
            if n == 1 {
                // One start (the commonest case: a rarer word once in the field): decoding stops at the
                // first position at or past it, whose equality is the answer — one branch that depends
                // on the data instead of two.
                let wanted = out[0] &+ otherOffset
                _ = try PositionRuns.walk(m, from: &otherAt, state: otherState, values: otherValues,
                                          body: otherBody, file: otherFile) { _, p in
                    if Int(p) < wanted { return true }
                    kept = Int(p) == wanted ? 1 : 0
                    return false
                }
            } else {
                // The positions past the last start are passed over, not decoded.
                _ = try PositionRuns.walk(m, from: &otherAt, state: otherState, values: otherValues,
                                          body: otherBody, file: otherFile) { _, p in
                    Self.retainStep(Int(p) &- otherOffset, out, count: n, kept: &kept, next: &next)
                }
            }
            counts.0 = field == 0 ? kept : counts.0
            counts.1 = field == 1 ? kept : counts.1
            counts.2 = field == 2 ? kept : counts.2
        } while rest != 0
        Self.leave(&self, at: documentStart &+ tf.0 &+ tf.1 &+ tf.2)
        Self.leave(&other, at: otherDocumentStart &+ otherTF.0 &+ otherTF.1 &+ otherTF.2)
        return counts
    }

    /// Frequency `field` (0, 1 or 2) of `tf`, selected without a branch.
    @inline(__always)
    static func select(_ tf: (Int, Int, Int), _ field: Int) -> Int {
        field == 0 ? tf.0 : field == 1 ? tf.1 : tf.2
    }

    /// How many positions of fields before `field` the frequencies `tf` give.
    @inline(__always)
    static func valuesBefore(_ field: Int, _ tf: (Int, Int, Int)) -> Int {
        // Masks instead of branches: -((field + 1) >> 1) is -1 for fields 1 and 2, -(field >> 1) for 2.
        (tf.0 & (0 &- ((field &+ 1) &>> 1))) &+ (tf.1 & (0 &- (field &>> 1)))
    }

    /// Bit f set: field f has a non-zero frequency.
    @inline(__always)
    static func fieldMask(_ tf: (Int, Int, Int)) -> Int {
        // Without branches (which fields hold a word varies from document to document): for a
        // frequency f >= 0, the sign bit of -f is set exactly when f != 0.
        ((0 &- tf.0) &>> 63) & 1 | ((0 &- tf.1) &>> 63) & 2 | ((0 &- tf.2) &>> 63) & 4
    }

    /// Where `field`'s positions of `cursor`'s current document start (a value index), past the earlier
    /// documents' positions (those `cursor` has not passed yet) and the document's earlier fields.
    @inline(__always)
    static func fieldStart(_ cursor: inout SegmentPostings, _ tf: (Int, Int, Int), _ field: Int) throws -> Int {
        let earlier = valuesBefore(field, tf)
        if cursor.decodedPositionsFor == cursor.indexInBlock {
            return cursor.currentDocumentStart &+ earlier
        }
        return try cursor.positionsOffset(skippingAlso: earlier)
    }

    /// Records that `cursor`'s next document's positions start at value `at`.
    @inline(__always)
    static func leave(_ cursor: inout SegmentPostings, at: Int) {
        cursor.positionDoc = cursor.indexInBlock &+ 1
        cursor.positionOffset = at
        cursor.decodedPositionsFor = -1
    }

    /// The frequencies (title, summary, body) of document `index` of the loaded block, whose frequencies
    /// are unpacked.
    @inline(__always)
    static func unpackedFrequencies(_ buffers: PostingsBlockBuffer, _ index: Int) -> (Int, Int, Int) {
        (Int(buffers.freqs0[index]), Int(buffers.freqs1[index]), Int(buffers.freqs2[index]))
    }
}
