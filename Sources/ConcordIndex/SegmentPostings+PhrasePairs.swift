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
    /// over the document's positions of each cursor: each cursor skips the earlier documents' positions
    /// and its fields before the first field asked for in one count, reads its frequencies once, and
    /// moves from one field to the next without starting over; `other`'s positions past the last start
    /// of a field are passed over, not decoded (value indices of the term's position runs). `self` should be the rarer word (its positions are all decoded).
    /// Afterwards the positions of the current document are found again from the block's start if read.
    public mutating func pairStarts(with other: inout SegmentPostings, offset: Int, otherOffset: Int, fields: Int,
                                    into starts: UnsafeMutablePointer<Int>, capacity: Int) throws -> (Int, Int, Int)? {
        // Locals only below: a method of the cursor called from this mutating one would copy the cursor.
        let tf = Self.documentFrequencies(buffers, indexInBlock)
        let otherTF = Self.documentFrequencies(other.buffers, other.indexInBlock)
        let wanted = fields & Self.fieldMask(tf) & Self.fieldMask(otherTF)
        guard wanted != 0 else { return (0, 0, 0) }
        if (wanted & 1 != 0 && tf.0 > capacity) || (wanted & 2 != 0 && tf.1 > capacity) || (wanted & 4 != 0 && tf.2 > capacity) {
            // Each such field's positions are read through once (they must be there and ascend), so
            // that the caller grows its buffer only for positions the file holds.
            for field in 0..<IndexField.count where wanted & (1 << field) != 0 {
                let n = field == 0 ? tf.0 : field == 1 ? tf.1 : tf.2
                guard n > capacity else { continue }
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
        let firstField = wanted.trailingZeroBitCount, lastField = Int.bitWidth &- 1 &- wanted.leadingZeroBitCount
        var at = try Self.fieldStart(&self, tf, firstField)
        var otherAt = try Self.fieldStart(&other, otherTF, firstField)
        let body = positionsBody, otherBody = other.positionsBody
        let file = positionFileName, otherFile = other.positionFileName
        let state = buffers.runState, values = buffers.runValues
        let otherState = other.buffers.runState, otherValues = other.buffers.runValues
        var counts = (0, 0, 0)
        for field in firstField...lastField {
            let n = field == 0 ? tf.0 : field == 1 ? tf.1 : tf.2
            let m = field == 0 ? otherTF.0 : field == 1 ? otherTF.1 : otherTF.2
            if wanted & (1 << field) == 0 {
                // A field between two asked for (firstField < field < lastField).
                at &+= n
                otherAt &+= m
                continue
            }
            let out = starts + field &* capacity
            _ = try PositionRuns.walk(n, from: &at, state: state, values: values, body: body, file: file) { i, p in
                out[i] = Int(p) &- offset
                return true
            }
            var kept = 0, next = 0
            let decoded: Int
            if n == 1 {
                // One start (the commonest case: a rarer word once in the field): decoding stops at the
                // first position at or past it, whose equality is the answer — one branch that depends
                // on the data instead of two.
                let wanted = out[0] &+ otherOffset
                decoded = try PositionRuns.walk(m, from: &otherAt, state: otherState, values: otherValues,
                                                body: otherBody, file: otherFile) { _, p in
                    if Int(p) < wanted { return true }
                    kept = Int(p) == wanted ? 1 : 0
                    return false
                }
            } else {
                decoded = try PositionRuns.walk(m, from: &otherAt, state: otherState, values: otherValues,
                                                body: otherBody, file: otherFile) { _, p in
                    Self.retainStep(Int(p) &- otherOffset, out, count: n, kept: &kept, next: &next)
                }
            }
            // The positions past the last start are passed over, not decoded.
            otherAt &+= m &- decoded
            switch field {
            case 0: counts.0 = kept
            case 1: counts.1 = kept
            default: counts.2 = kept
            }
        }
        Self.leave(&self, at: at &+ Self.valuesAfter(lastField, tf))
        Self.leave(&other, at: otherAt &+ Self.valuesAfter(lastField, otherTF))
        return counts
    }

    /// Bit f set: field f has a non-zero frequency.
    @inline(__always)
    static func fieldMask(_ tf: (Int, Int, Int)) -> Int {
        // Without branches (which fields hold a word varies from document to document): for a
        // frequency f >= 0, the sign bit of -f is set exactly when f != 0.
        ((0 &- tf.0) &>> 63) & 1 | ((0 &- tf.1) &>> 63) & 2 | ((0 &- tf.2) &>> 63) & 4
    }

    /// How many positions of fields after `field` the frequencies `tf` give.
    @inline(__always)
    static func valuesAfter(_ field: Int, _ tf: (Int, Int, Int)) -> Int {
        // Masks instead of branches: ((field + 1) >> 1) - 1 is -1 only for field 0, (field >> 1) - 1 is
        // -1 for fields 0 and 1.
        (tf.1 & (((field &+ 1) &>> 1) &- 1)) &+ (tf.2 & ((field &>> 1) &- 1))
    }

    /// Where `field`'s positions of `cursor`'s current document start (a value index), past the earlier
    /// documents' positions (those `cursor` has not passed yet) and the document's earlier fields.
    @inline(__always)
    static func fieldStart(_ cursor: inout SegmentPostings, _ tf: (Int, Int, Int), _ field: Int) throws -> Int {
        // Masks instead of branches: -((field + 1) >> 1) is -1 for fields 1 and 2, -(field >> 1) for 2.
        let earlier = (tf.0 & (0 &- ((field &+ 1) &>> 1))) &+ (tf.1 & (0 &- (field &>> 1)))
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

    /// The frequencies (title, summary, body) of document `index` of the loaded block, read from the
    /// packed runs while they are not unpacked (static, so that a mutating caller copies nothing).
    @inline(__always)
    static func documentFrequencies(_ buffers: PostingsBlockBuffer, _ index: Int) -> (Int, Int, Int) {
        let state = buffers.deferred
        if state.pointee.isPending {
            let runs = state.pointee.runs, widths = state.pointee.widths
            return (BlockFrequencyView.value(runs.0, widths.0, index), BlockFrequencyView.value(runs.1, widths.1, index),
                    BlockFrequencyView.value(runs.2, widths.2, index))
        }
        return (Int(buffers.freqs0[index]), Int(buffers.freqs1[index]), Int(buffers.freqs2[index]))
    }
}
