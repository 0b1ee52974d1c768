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
    /// of a field are skipped, not decoded, and what is left of the document is skipped together with
    /// the next document's seek. `self` should be the rarer word (its positions are all decoded).
    /// Afterwards the positions of the current document are found again from the block's start if read.
    public mutating func pairStarts(with other: inout SegmentPostings, offset: Int, otherOffset: Int, fields: Int,
                                    into starts: UnsafeMutablePointer<Int>, capacity: Int) throws -> (Int, Int, Int)? {
        // Locals only below: a method of the cursor called from this mutating one would copy the cursor.
        let tf = Self.documentFrequencies(buffers, indexInBlock)
        let otherTF = Self.documentFrequencies(other.buffers, other.indexInBlock)
        let wanted = fields & Self.fieldMask(tf) & Self.fieldMask(otherTF)
        guard wanted != 0 else { return (0, 0, 0) }
        if (wanted & 1 != 0 && tf.0 > capacity) || (wanted & 2 != 0 && tf.1 > capacity) || (wanted & 4 != 0 && tf.2 > capacity) {
            // Each position takes at least a byte of the positions file: a larger frequency is damage,
            // refused here before the caller grows its buffer for it.
            let largest = max(wanted & 1 != 0 ? tf.0 : 0, wanted & 2 != 0 ? tf.1 : 0, wanted & 4 != 0 ? tf.2 : 0)
            guard largest <= positionsBody.count else {
                throw StorageError.corrupt(file: positionFileName, reason: "frequency \(largest) exceeds the positions file")
            }
            return nil
        }
        let firstField = wanted.trailingZeroBitCount, lastField = Int.bitWidth &- 1 &- wanted.leadingZeroBitCount
        var at = try Self.fieldStart(&self, tf, firstField)
        var otherAt = try Self.fieldStart(&other, otherTF, firstField)
        let body = positionsBody, otherBody = other.positionsBody
        let file = positionFileName, otherFile = other.positionFileName
        var counts = (0, 0, 0)
        // Values of `other`'s current document after `otherAt` not read.
        var otherUnread = 0
        for field in firstField...lastField {
            let n = field == 0 ? tf.0 : field == 1 ? tf.1 : tf.2
            let m = field == 0 ? otherTF.0 : field == 1 ? otherTF.1 : otherTF.2
            if wanted & (1 << field) == 0 {
                // A field between two asked for (firstField < field < lastField).
                if n > 0 { at = try Self.skipVInts(n, from: at, in: body, file: file) }
                if m > 0 { otherAt = try Self.skipVInts(m, from: otherAt, in: otherBody, file: otherFile) }
                continue
            }
            let out = starts + field &* capacity
            _ = try PositionVarints.walk(n, from: &at, in: body, file: file) { i, p in
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
                decoded = try PositionVarints.walk(m, from: &otherAt, in: otherBody, file: otherFile) { _, p in
                    if Int(p) < wanted { return true }
                    kept = Int(p) == wanted ? 1 : 0
                    return false
                }
            } else {
                decoded = try PositionVarints.walk(m, from: &otherAt, in: otherBody, file: otherFile) { _, p in
                    Self.retainStep(Int(p) &- otherOffset, out, count: n, kept: &kept, next: &next)
                }
            }
            if decoded < m {
                if field < lastField {
                    otherAt = try Self.skipVInts(m &- decoded, from: otherAt, in: otherBody, file: otherFile)
                } else {
                    otherUnread = m &- decoded
                }
            }
            switch field {
            case 0: counts.0 = kept
            case 1: counts.1 = kept
            default: counts.2 = kept
            }
        }
        Self.leave(&self, at: at, unread: Self.valuesAfter(lastField, tf))
        Self.leave(&other, at: otherAt, unread: otherUnread &+ Self.valuesAfter(lastField, otherTF))
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

    /// Where `field`'s positions of `cursor`'s current document start, skipping the earlier documents'
    /// positions (those `cursor` has not passed yet) and the document's earlier fields in one count.
    @inline(__always)
    static func fieldStart(_ cursor: inout SegmentPostings, _ tf: (Int, Int, Int), _ field: Int) throws -> Int {
        // Masks instead of branches: -((field + 1) >> 1) is -1 for fields 1 and 2, -(field >> 1) for 2.
        let earlier = (tf.0 & (0 &- ((field &+ 1) &>> 1))) &+ (tf.1 & (0 &- (field &>> 1)))
        if cursor.decodedPositionsFor == cursor.indexInBlock {
            return try skipVInts(earlier, from: cursor.currentDocumentStart, in: cursor.positionsBody, file: cursor.positionFileName)
        }
        return try cursor.positionsOffset(skippingAlso: earlier)
    }

    /// Records that `cursor`'s positions were read up to `at`, where `unread` values of its current
    /// document remain: the next document's seek starts there.
    @inline(__always)
    static func leave(_ cursor: inout SegmentPostings, at: Int, unread: Int) {
        cursor.positionDoc = cursor.indexInBlock &+ 1
        cursor.positionOffset = at
        cursor.positionsLag = unread
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
