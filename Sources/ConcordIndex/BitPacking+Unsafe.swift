// Invariant relied on here: `packed` holds exactly `blockSize * width / 8` readable bytes (checked by
// `BitPacking.unpack` before calling), and 1 <= width <= 32. Value i occupies bits i·w ..< (i+1)·w. Every
// load is an 8-byte load that starts at most at byte 16·w − 8 (16·w >= 16 bytes), so it stays inside
// `packed`, and every value it yields lies inside the loaded word: a group of eight values (w bytes) is
// read from its first byte while its bytes fit, else from the run's last eight bytes (`forEachValue`);
// widths 1 to 4 read chunks of whole values the same way (`BitPacking+Tables.swift`). No value takes a
// byte-wise path, so the loops have no branch.

extension BitPacking {
    @inline(__always)
    static func unpackUnchecked(_ packed: UnsafeRawBufferPointer, width w: Int, into output: UnsafeMutablePointer<UInt32>) {
        unpackUnchecked(packed, width: w, tables: UnpackTables.shared, into: output)
    }

    /// `unpackUnchecked(_:width:into:)` with the tables passed in (see `UnpackTables`).
    @inline(__always)
    static func unpackUnchecked(_ packed: UnsafeRawBufferPointer, width w: Int, tables: UnpackTables,
                                into output: UnsafeMutablePointer<UInt32>) {
        guard let base = packed.baseAddress else { return }
        // One copy of the loop per width, so that the width is a constant in each: the shifts and
        // offsets of a group of eight values are then constants too.
        switch w {
        case 1: unpackByQuads(base, width: 1, table: tables.quadsOfOneBit, into: output)
        case 2: unpackByQuads(base, width: 2, table: tables.quadsOfTwoBits, into: output)
        case 3: unpackByPairs(base, width: 3, table: tables.pairsOfThreeBits, into: output)
        case 4: unpackByPairs(base, width: 4, table: tables.pairsOfFourBits, into: output)
        case 5: unpack(base, width: 5, into: output)
        case 6: unpack(base, width: 6, into: output)
        case 7: unpack(base, width: 7, into: output)
        case 8: unpack(base, width: 8, into: output)
        case 9: unpack(base, width: 9, into: output)
        case 10: unpack(base, width: 10, into: output)
        case 11: unpack(base, width: 11, into: output)
        case 12: unpack(base, width: 12, into: output)
        case 13: unpack(base, width: 13, into: output)
        case 14: unpack(base, width: 14, into: output)
        case 15: unpack(base, width: 15, into: output)
        case 16: unpack(base, width: 16, into: output)
        default: unpack(base, width: w, into: output)
        }
    }

    @inline(__always)
    private static func unpack(_ base: UnsafeRawPointer, width w: Int, into output: UnsafeMutablePointer<UInt32>) {
        forEachValue(base, width: w) { i, value in output[i] = UInt32(truncatingIfNeeded: value) }
    }

    /// Group g of a run of width `w` <= 8 (its eight values, w bytes from byte g·w) in the low bits of
    /// a word: loaded from the group's first byte while eight bytes from there lie in the run (g·w + 8
    /// <= 16·w), else from the run's last eight bytes and shifted down (the group ends by byte 16·w, so
    /// its bytes lie there). For a constant width and group, the offset and shift are constants.
    @inline(__always)
    static func groupWord(_ base: UnsafeRawPointer, group g: Int, width w: Int) -> UInt64 {
        let start = min(g &* w, byteCount(width: w) &- 8)
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self)) &>> UInt64((g &* w &- start) &* 8)
    }

    /// Calls `body` with each value of the run in order (its index and value), inlined into the loads.
    /// Eight values of `w` bits take exactly `w` bytes, so group g (values 8g…8g+7) starts at byte g·w
    /// and its value j at bit j·w of the group. Up to 8 bits, a group is one word (`groupWord`). Wider,
    /// each value has its own load from the group's start, ending by byte g·w + ⌊7w/8⌋ + 8, inside the
    /// 16·w bytes for the first `safeGroups` groups; the last group's loads are clamped to the run's last
    /// eight bytes (the value still lies inside the loaded word: see the note above).
    @inline(__always)
    static func forEachValue(_ base: UnsafeRawPointer, width w: Int, _ body: (Int, UInt64) -> Void) {
        let mask: UInt64 = w == 32 ? 0xFFFF_FFFF : (UInt64(1) << UInt64(w)) &- 1
        if w <= 8 {
            // A group's w bytes fit one word (`groupWord`), and its eight values are shifted out of it.
            for g in 0..<(blockSize / 8) {
                let word = groupWord(base, group: g, width: w)
                for j in 0..<8 {
                    body(g &* 8 &+ j, (word &>> UInt64(j &* w)) & mask)
                }
            }
        } else {
            let safeGroups = min(blockSize / 8, (16 &* w &- 8 &- (7 &* w) / 8) / w &+ 1)
            for g in 0..<safeGroups {
                let group = base + g &* w
                for j in 0..<8 {
                    let bit = j &* w
                    let word = UInt64(littleEndian: group.loadUnaligned(fromByteOffset: bit &>> 3, as: UInt64.self))
                    body(g &* 8 &+ j, (word &>> UInt64(bit & 7)) & mask)
                }
            }
            // The last group: each value's load clamped to the run's last eight bytes, a group at a time,
            // so that for a constant width every offset and shift is a constant.
            let lastWord = byteCount(width: w) &- 8
            for g in safeGroups..<(blockSize / 8) {
                for j in 0..<8 {
                    let bit = (g &* 8 &+ j) &* w
                    let start = min(bit &>> 3, lastWord)
                    let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
                    body(g &* 8 &+ j, (word &>> UInt64(bit &- start &* 8)) & mask)
                }
            }
        }
    }
}

extension BitPacking {
    /// Unpacks a run like `unpackUnchecked` (same invariant on `packed`), but writes running sums:
    /// output i is `previous + Σ_{k <= i} (value_k + 1)` (truncated to 32 bits), for document numbers
    /// stored as gaps minus one. Returns the last sum, exact (at most 2^32 + 128 · 2^32 past
    /// `previous`), so the caller can range-check the block by its last document. One pass: the values
    /// are summed as they are shifted out, not stored and read back.
    @inline(__always)
    static func unpackGapsUnchecked(_ packed: UnsafeRawBufferPointer, width w: Int, into output: UnsafeMutablePointer<UInt32>,
                                    after previous: Int64) -> Int64 {
        guard let base = packed.baseAddress else { return previous }
        switch w {
        case 1: return unpackGaps(base, width: 1, into: output, after: previous)
        case 2: return unpackGaps(base, width: 2, into: output, after: previous)
        case 3: return unpackGaps(base, width: 3, into: output, after: previous)
        case 4: return unpackGaps(base, width: 4, into: output, after: previous)
        case 5: return unpackGaps(base, width: 5, into: output, after: previous)
        case 6: return unpackGaps(base, width: 6, into: output, after: previous)
        case 7: return unpackGaps(base, width: 7, into: output, after: previous)
        case 8: return unpackGaps(base, width: 8, into: output, after: previous)
        case 9: return unpackGaps(base, width: 9, into: output, after: previous)
        case 10: return unpackGaps(base, width: 10, into: output, after: previous)
        case 11: return unpackGaps(base, width: 11, into: output, after: previous)
        case 12: return unpackGaps(base, width: 12, into: output, after: previous)
        default: return unpackGaps(base, width: w, into: output, after: previous)
        }
    }

    /// `unpack` with running sums (see `unpackGapsUnchecked`): the same loop, so the same loads and bounds.
    @inline(__always)
    private static func unpackGaps(_ base: UnsafeRawPointer, width w: Int, into output: UnsafeMutablePointer<UInt32>,
                                   after previous: Int64) -> Int64 {
        var last = previous
        forEachValue(base, width: w) { i, value in
            last &+= Int64(value) &+ 1
            output[i] = UInt32(truncatingIfNeeded: last)
        }
        return last
    }

    /// The sum of values `start..<end` (0 <= start <= end <= blockSize) of a packed run of `width` bits
    /// (nil or width 0: all zero) holding exactly `byteCount(width:)` readable bytes, without unpacking
    /// it.
    @inline(__always)
    static func sum(_ run: UnsafeRawPointer?, width w: Int, from start: Int, to end: Int) -> Int {
        guard let run, w > 0, start < end else { return 0 }
        // One-bit values (most title and summary frequencies) are summed by counting set bits. (Wider
        // values counted by bit planes — w bit counts per word — measured slower than reading them one
        // by one: the baseline x86-64 target has no popcount instruction.)
        if w == 1 { return setBits(below: end, in: run) &- setBits(below: start, in: run) }
        return valueSum(run, width: w, from: start, to: end)
    }

    /// The sum of values `start..<end`, read one by one (as `unpackUnchecked` reads them).
    static func valueSum(_ run: UnsafeRawPointer, width w: Int, from start: Int, to end: Int) -> Int {
        let mask: UInt64 = w == 32 ? 0xFFFF_FFFF : (UInt64(1) << UInt64(w)) &- 1
        let lastWord = byteCount(width: w) &- 8
        var total = 0
        var bitOffset = start &* w
        for _ in start..<end {
            let first = min(bitOffset &>> 3, lastWord)
            let word = UInt64(littleEndian: run.loadUnaligned(fromByteOffset: first, as: UInt64.self))
            total &+= Int(truncatingIfNeeded: (word &>> UInt64(bitOffset &- first &* 8)) & mask)
            bitOffset &+= w
        }
        return total
    }

    /// The set bits among the first `count` (0…128) bits of a 16-byte run (a run of one-bit values).
    @inline(__always)
    static func setBits(below count: Int, in run: UnsafeRawPointer) -> Int {
        let low = UInt64(littleEndian: run.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        if count < 64 { return (low & ((UInt64(1) &<< UInt64(count)) &- 1)).nonzeroBitCount }
        let high = UInt64(littleEndian: run.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let rest = count &- 64
        let highBits = rest >= 64 ? high : high & ((UInt64(1) &<< UInt64(rest)) &- 1)
        return low.nonzeroBitCount &+ highBits.nonzeroBitCount
    }
}
