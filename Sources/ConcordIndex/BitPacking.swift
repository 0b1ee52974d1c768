import ConcordStorage

/// Fixed-width bit packing of postings blocks: `blockSize` unsigned values of `width` bits each
/// (0…32), little-endian bit order, taking exactly `blockSize * width / 8` bytes.
///
/// Width 0 means every value is zero and takes no bytes — common for title frequencies.
enum BitPacking {
    static let blockSize = 128

    /// Bits needed for the largest of `values`.
    static func width(of values: UnsafeBufferPointer<UInt32>) -> Int {
        var all: UInt32 = 0
        for v in values { all |= v }
        return all == 0 ? 0 : 32 - all.leadingZeroBitCount
    }

    static func byteCount(width: Int) -> Int { blockSize * width / 8 }

    /// Appends the width byte and the packed values.
    static func pack(_ values: UnsafeBufferPointer<UInt32>, into out: inout ByteWriter) {
        precondition(values.count == blockSize)
        let w = width(of: values)
        out.writeU8(UInt8(w))
        packBits(values, width: w, into: &out)
    }

    /// Appends the low `w` bits of each of `values` (`blockSize` of them), without a width byte: laid
    /// out in 64-bit words on the stack (`blockSize · w` bits are exactly `2w` words), then appended at once.
    static func packBits(_ values: UnsafeBufferPointer<UInt32>, width w: Int, into out: inout ByteWriter) {
        guard w > 0 else { return }
        let mask: UInt64 = w >= 32 ? 0xFFFF_FFFF : (UInt64(1) << UInt64(w)) - 1
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * w) { words in
            words.initialize(repeating: 0)
            var bit = 0
            for v in values {
                let value = UInt64(v) & mask
                let word = bit &>> 6, offset = bit & 63
                words[word] |= value &<< UInt64(offset)
                if offset &+ w > 64 { words[word &+ 1] |= value &>> UInt64(64 &- offset) }
                bit &+= w
            }
            for i in 0..<(2 * w) { words[i] = words[i].littleEndian }
            out.writeBytes(UnsafeRawBufferPointer(words))
        }
    }

    /// Reads a width byte and the packed values at `reader`, writing `blockSize` values to `output`.
    @inline(__always)
    static func unpack(_ reader: inout ByteReader, into output: UnsafeMutablePointer<UInt32>) throws {
        let w = Int(try reader.readU8())
        guard w <= 32 else { throw reader.corrupt("bit width \(w) exceeds 32") }
        if w == 0 {
            output.update(repeating: 0, count: blockSize)
            return
        }
        let packed = try reader.readBytes(byteCount(width: w))
        unpackUnchecked(packed, width: w, into: output)
    }

    /// Reads a (possibly patched: see `packPatched`) run of gaps minus one at `reader`, writing the `blockSize` running sums
    /// after `previous` to `output` (see `unpackGapsUnchecked`); returns the last sum, exact.
    @inline(__always)
    static func unpackGaps(_ reader: inout ByteReader, into output: UnsafeMutablePointer<UInt32>, after previous: Int64) throws -> Int64 {
        let head = try reader.readU8()
        let w = Int(head & ~exceptionFlag)
        guard w <= 32 else { throw reader.corrupt("bit width \(w) exceeds 32") }
        if head & exceptionFlag != 0 { return try unpackPatchedGaps(&reader, width: w, into: output, after: previous) }
        if w == 0 {
            var last = previous
            for i in 0..<blockSize {
                last &+= 1
                output[i] = UInt32(truncatingIfNeeded: last)
            }
            return last
        }
        let packed = try reader.readBytes(byteCount(width: w))
        return unpackGapsUnchecked(packed, width: w, into: output, after: previous)
    }
}
