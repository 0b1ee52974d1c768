// Invariant relied on here: `packed` holds exactly `blockSize * width / 8` readable bytes (checked by
// `BitPacking.unpack` before calling), and 1 <= width <= 32. Value i starts at byte i·w/8 and an 8-byte
// load from there stays inside `packed` while i·w/8 + 8 <= 16·w, i.e. for i < 128 − 64/w: those values
// are read without a bounds branch; the last few take the byte-wise path.

extension BitPacking {
    @inline(__always)
    static func unpackUnchecked(_ packed: UnsafeRawBufferPointer, width w: Int, into output: UnsafeMutablePointer<UInt32>) {
        let mask: UInt64 = w == 32 ? 0xFFFF_FFFF : (UInt64(1) << UInt64(w)) - 1
        let count = packed.count
        let safe = blockSize - 64 / w
        var bitOffset = 0
        for i in 0..<safe {
            let word = UInt64(littleEndian: packed.loadUnaligned(fromByteOffset: bitOffset >> 3, as: UInt64.self))
            output[i] = UInt32(truncatingIfNeeded: (word >> UInt64(bitOffset & 7)) & mask)
            bitOffset += w
        }
        for i in safe..<blockSize {
            let byte = bitOffset >> 3
            var word: UInt64 = 0
            var k = 0
            while byte + k < count && k < 8 {
                word |= UInt64(packed[byte + k]) << UInt64(8 * k)
                k += 1
            }
            output[i] = UInt32(truncatingIfNeeded: (word >> UInt64(bitOffset & 7)) & mask)
            bitOffset += w
        }
    }
}
