// Invariant relied on here: `packed` holds exactly `blockSize * width / 8` readable bytes (checked by
// `BitPacking.unpack` before calling), and 1 <= width <= 32. Loads of 8 bytes are used only where they
// stay inside `packed`; the last values take the byte-wise path.

extension BitPacking {
    @inline(__always)
    static func unpackUnchecked(_ packed: UnsafeRawBufferPointer, width w: Int, into output: UnsafeMutablePointer<UInt32>) {
        let mask: UInt64 = w == 32 ? 0xFFFF_FFFF : (UInt64(1) << UInt64(w)) - 1
        let count = packed.count
        var bitOffset = 0
        for i in 0..<blockSize {
            let byte = bitOffset >> 3
            let shift = UInt64(bitOffset & 7)
            let word: UInt64
            if byte + 8 <= count {
                word = UInt64(littleEndian: packed.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
            } else {
                var partial: UInt64 = 0
                var k = 0
                while byte + k < count && k < 8 {
                    partial |= UInt64(packed[byte + k]) << UInt64(8 * k)
                    k += 1
                }
                word = partial
            }
            output[i] = UInt32(truncatingIfNeeded: (word >> shift) & mask)
            bitOffset += w
        }
    }
}
