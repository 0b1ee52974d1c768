import ConcordStorage

/// Patched bit packing (index format 6), used for the document gaps of full postings blocks: the
/// block's values are packed at a width that fits most of them, and the few larger ones (a gap across
/// a stretch of documents without the term) keep their remaining high bits apart as exceptions.
///
///     Run        := head:u8 | 128 values of width bits (LSB first) | Exceptions (if head has 0x80)
///     head       := width (0…32), plus 0x80 when exceptions follow
///     Exceptions := count:u8 | (index:u8 | high:VInt) × count      (indices strictly ascending, < 128)
///
/// Value i is its packed `width` bits plus `high << width` when i is an exception (`high` ≥ 1, the
/// value below 2^32). A run without the flag is exactly `BitPacking.pack`'s. The writer takes the
/// width that makes the run shortest, if that saves at least `minimumPatchSaving` bytes.
extension BitPacking {
    static let exceptionFlag: UInt8 = 0x80
    /// Bytes a patched run must save over the plain one to be written.
    static let minimumPatchSaving = 1

    /// Bytes a VInt of a value of `bits` significant bits (≥ 1) takes.
    @inline(__always)
    private static func varintLength(bits: Int) -> Int { (bits &+ 6) / 7 }

    /// The width at which `values` (`blockSize` of them) pack shortest with exceptions: values
    /// longer than it become exceptions. The plain width (`width(of:)`) when nothing is gained.
    static func patchedWidth(of values: UnsafeBufferPointer<UInt32>, minimumSaving: Int = minimumPatchSaving) -> Int {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 33) { histogram in
            histogram.initialize(repeating: 0)
            var widest = 0
            for v in values {
                let bits = 32 &- v.leadingZeroBitCount
                histogram[bits] &+= 1
                widest = max(widest, bits)
            }
            // Bytes past the head byte at each width below the widest: packed bits, the count byte and
            // per exception its index byte and high bits.
            var best = widest, bestCost = 16 &* widest
            var width = widest &- 1
            while width >= 0 {
                var cost = 16 &* width &+ 1
                for bits in (width &+ 1)...widest where histogram[bits] > 0 {
                    cost &+= histogram[bits] &* (1 &+ varintLength(bits: bits &- width))
                }
                if cost < bestCost { best = width; bestCost = cost }
                width &-= 1
            }
            // Exceptions wherever they save a byte. Decoding a patched run costs a little more than a plain
            // one; with every gaining block patched (96% of full blocks at 450k) `.doc` is 2.4 MB smaller
            // than with only those saving 64 bytes (4%), and warm single-term, OR, AND, phrase and
            // known-item latencies at 450k stayed within run-to-run noise (±5%) in A/B runs on a machine
            // kept quiet for them; an earlier, busier run had known-item queries 4% slower.
            return bestCost &+ minimumSaving <= 16 &* widest ? best : widest
        }
    }

    /// Appends `values` (`blockSize` of them) as a patched run (see the type's notes).
    static func packPatched(_ values: UnsafeBufferPointer<UInt32>, minimumSaving: Int = minimumPatchSaving, into out: inout ByteWriter) {
        precondition(values.count == blockSize)
        let w = patchedWidth(of: values, minimumSaving: minimumSaving)
        guard w < width(of: values) else {
            pack(values, into: &out)
            return
        }
        out.writeU8(UInt8(w) | exceptionFlag)
        packBits(values, width: w, into: &out)
        var count = 0
        for v in values where v >> UInt32(w) != 0 { count += 1 }
        out.writeU8(UInt8(count))
        for (i, v) in values.enumerated() where v >> UInt32(w) != 0 {
            out.writeU8(UInt8(i))
            out.writeVInt(UInt64(v >> UInt32(w)))
        }
    }

    /// Reads a patched run of gaps minus one at `reader` whose head (already read) had the exception
    /// flag and width `w`, writing the running sums after `previous` to `output` as `unpackGaps` does;
    /// returns the last sum, exact. The exceptions' high parts are laid out in a block first, so
    /// that the sums are taken in the same one pass as a plain run's. Damaged exceptions (out of order,
    /// out of range, a high part that is zero or takes the value past 32 bits) throw.
    @inline(never)
    static func unpackPatchedGaps(_ reader: inout ByteReader, width w: Int, into output: UnsafeMutablePointer<UInt32>,
                                  after previous: Int64) throws -> Int64 {
        let packed = w == 0 ? nil : try reader.readBytes(byteCount(width: w)).baseAddress
        return try withUnsafeTemporaryAllocation(of: UInt32.self, capacity: blockSize) { highs in
            let highs = highs.baseAddress!
            // Past packed bits, a high part leaves bit 0 clear: or-ed into 1 it also adds the one that
            // every gap gets back (one add less per value below). Without packed bits it is added there.
            highs.initialize(repeating: w == 0 ? 0 : 1, count: blockSize)
            try orExceptions(&reader, width: w, into: highs)
            guard let packed else {
                var last = previous
                for i in 0..<blockSize {
                    last &+= Int64(highs[i]) &+ 1
                    output[i] = UInt32(truncatingIfNeeded: last)
                }
                return last
            }
            // One copy of the loop per common width, as in `unpackGapsUnchecked`.
            switch w {
            case 1: return patchedGaps(packed, width: 1, highs: highs, into: output, after: previous)
            case 2: return patchedGaps(packed, width: 2, highs: highs, into: output, after: previous)
            case 3: return patchedGaps(packed, width: 3, highs: highs, into: output, after: previous)
            case 4: return patchedGaps(packed, width: 4, highs: highs, into: output, after: previous)
            case 5: return patchedGaps(packed, width: 5, highs: highs, into: output, after: previous)
            case 6: return patchedGaps(packed, width: 6, highs: highs, into: output, after: previous)
            case 7: return patchedGaps(packed, width: 7, highs: highs, into: output, after: previous)
            case 8: return patchedGaps(packed, width: 8, highs: highs, into: output, after: previous)
            case 9: return patchedGaps(packed, width: 9, highs: highs, into: output, after: previous)
            case 10: return patchedGaps(packed, width: 10, highs: highs, into: output, after: previous)
            default: return patchedGaps(packed, width: w, highs: highs, into: output, after: previous)
            }
        }
    }

    /// Running sums of the packed low bits plus `highs` (each value's high part, shifted, plus the one
    /// a gap gets back: 1 for most).
    @inline(__always)
    private static func patchedGaps(_ base: UnsafeRawPointer, width w: Int, highs: UnsafeMutablePointer<UInt32>,
                                    into output: UnsafeMutablePointer<UInt32>, after previous: Int64) -> Int64 {
        var last = previous
        forEachValue(base, width: w) { i, value in
            last &+= Int64(value) &+ Int64(highs[i])
            output[i] = UInt32(truncatingIfNeeded: last)
        }
        return last
    }
}

extension BitPacking {
    /// Reads a (possibly patched) run at `reader`, writing its `blockSize` values to `output`. Damaged
    /// exceptions throw as in `unpackPatchedGaps`.
    static func unpackPatched(_ reader: inout ByteReader, into output: UnsafeMutablePointer<UInt32>) throws {
        let head = try reader.readU8()
        let w = Int(head & ~exceptionFlag)
        guard w <= 32 else { throw reader.corrupt("bit width \(w) exceeds 32") }
        if w == 0 {
            output.update(repeating: 0, count: blockSize)
        } else {
            unpackUnchecked(try reader.readBytes(byteCount(width: w)), width: w, into: output)
        }
        guard head & exceptionFlag != 0 else { return }
        try orExceptions(&reader, width: w, into: output)
    }

    /// Reads a full run at `reader` as `unpackPatched` does, except that its packed values stay in
    /// place: returns them (nil at width 0) with their width, and writes to `highs` each value's high
    /// part shifted past the packed bits (0 for a value without one), so that value i is its packed
    /// bits or-ed with `highs[i]`. For a reader that needs a few values of a run, not all 128.
    static func readPatchedInPlace(_ reader: inout ByteReader, highs: UnsafeMutablePointer<UInt32>) throws -> (packed: UnsafeRawPointer?, width: Int) {
        let head = try reader.readU8()
        let w = Int(head & ~exceptionFlag)
        guard w <= 32 else { throw reader.corrupt("bit width \(w) exceeds 32") }
        let packed = w == 0 ? nil : try reader.readBytes(byteCount(width: w)).baseAddress
        highs.update(repeating: 0, count: blockSize)
        if head & exceptionFlag != 0 { try orExceptions(&reader, width: w, into: highs) }
        return (packed, w)
    }

    /// Reads the exceptions of a run packed at width `w` (their count, then each index and high part)
    /// at `reader`, or-ing each high part, shifted past the packed bits, into `output[index]`. Damaged
    /// exceptions throw as in `unpackPatchedGaps`.
    @inline(__always)
    private static func orExceptions(_ reader: inout ByteReader, width w: Int, into output: UnsafeMutablePointer<UInt32>) throws {
        let count = Int(try reader.readU8())
        guard count > 0 else { throw reader.corrupt("a patched block without exceptions") }
        let limit = UInt64(UInt32.max) >> UInt64(w)
        var previousIndex = -1
        if count &* 6 <= reader.remaining, let bytes = reader.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            // Every exception's at most six bytes lie inside the file: read without a check per byte.
            var at = reader.offset
            for _ in 0..<count {
                let index = Int(bytes[at])
                at &+= 1
                var byte = bytes[at]
                at &+= 1
                var high = UInt64(byte & 0x7F), shift: UInt64 = 7
                while byte >= 0x80 && shift < 35 {
                    byte = bytes[at]
                    at &+= 1
                    high |= UInt64(byte & 0x7F) &<< shift
                    shift &+= 7
                }
                guard byte < 0x80 else { throw reader.corrupt("exception varint longer than 32 bits") }
                guard index > previousIndex, index < blockSize else {
                    throw reader.corrupt("exception index \(index) out of order or beyond the block")
                }
                guard high >= 1, high <= limit else { throw reader.corrupt("exception value out of range") }
                output[index] |= UInt32(truncatingIfNeeded: high &<< UInt64(w))
                previousIndex = index
            }
            reader.offset = at
            return
        }
        try readExceptions(&reader, count: count, width: w, orInto: output)
    }

    /// Reads `count` exceptions (index, high part) of a run packed at width `w` at `reader`, or-ing each
    /// high part, shifted past the `w` packed bits, into `target[index]`. Damaged exceptions (out of
    /// order, out of range, a high part that is zero or takes the value past 32 bits) throw.
    @inline(__always)
    private static func readExceptions(_ reader: inout ByteReader, count: Int, width w: Int,
                                       orInto target: UnsafeMutablePointer<UInt32>) throws {
        // w < 32 for any exception to be valid: a high part above this limit (any, at width 32) is damage.
        let limit = UInt64(UInt32.max) >> UInt64(w)
        var previousIndex = -1
        for _ in 0..<count {
            let index = Int(try reader.readU8())
            guard index > previousIndex, index < blockSize else {
                throw reader.corrupt("exception index \(index) out of order or beyond the block")
            }
            let high = try reader.readVInt()
            guard high >= 1, high <= limit else { throw reader.corrupt("exception value out of range") }
            target[index] |= UInt32(truncatingIfNeeded: high &<< UInt64(w))
            previousIndex = index
        }
    }

    /// Moves `reader` past a (possibly patched) run without decoding its values (its exceptions are
    /// read, as their length varies).
    static func skipPatched(_ reader: inout ByteReader) throws {
        let head = try reader.readU8()
        let w = Int(head & ~exceptionFlag)
        guard w <= 32 else { throw reader.corrupt("bit width \(w) exceeds 32") }
        try reader.skip(byteCount(width: w))
        guard head & exceptionFlag != 0 else { return }
        let count = Int(try reader.readU8())
        guard count > 0 else { throw reader.corrupt("a patched block without exceptions") }
        if count &* 6 <= reader.remaining, let bytes = reader.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            // Each exception takes at most six bytes (an index and a high part of at most 32 bits), all
            // inside the file: only where each varint ends is looked for (its value is checked when the
            // run is decoded).
            var at = reader.offset
            for _ in 0..<count {
                at &+= 1
                var length = 1
                while bytes[at] >= 0x80 && length < 5 {
                    at &+= 1
                    length &+= 1
                }
                guard bytes[at] < 0x80 else { throw reader.corrupt("exception varint longer than 32 bits") }
                at &+= 1
            }
            reader.offset = at
            return
        }
        for _ in 0..<count {
            try reader.skip(1)
            _ = try reader.readVInt()
        }
    }
}
