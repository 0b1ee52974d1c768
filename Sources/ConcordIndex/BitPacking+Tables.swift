// Unpacking narrow runs (1 to 4 bits a value: most frequency runs) several values per table load.
//
// Baseline x86-64 (SSE2) has no per-lane variable shift, so the compiler cannot vectorize the
// shift-and-mask loop of `unpackUnchecked`: it takes about four instructions a value. Here a chunk
// of the packed bits indexes a table whose entry holds the chunk's values already unpacked, stored
// with one 16- or 8-byte store: four values per lookup at widths 1 and 2 (tables of 16 and 256
// entries), two at widths 3 and 4 (64 and 256 entries; four would take 64 KiB and 1 MiB). The
// tables take 6.75 KiB in all, built once.

/// The unpacking tables of `BitPacking.unpackUnchecked(_:width:tables:into:)`: pointers to immutable
/// tables built once. Hot code reads them through a copy held by its buffers (`PostingsBlockBuffer`),
/// not through the global: a function that reads a lazily initialized global may, to the optimizer,
/// write any memory, and then its callers copy the cursors they work on around each call.
struct UnpackTables {
    /// Entry v: the four `w`-bit values of the `4w`-bit chunk v, lowest bits first (w = 1, 2).
    let quadsOfOneBit: UnsafePointer<SIMD4<UInt32>>
    let quadsOfTwoBits: UnsafePointer<SIMD4<UInt32>>
    /// Entry v: the two `w`-bit values of the `2w`-bit chunk v, lowest bits first (w = 3, 4).
    let pairsOfThreeBits: UnsafePointer<SIMD2<UInt32>>
    let pairsOfFourBits: UnsafePointer<SIMD2<UInt32>>

    nonisolated(unsafe) static let shared = UnpackTables(
        quadsOfOneBit: BitPacking.quadTable(width: 1), quadsOfTwoBits: BitPacking.quadTable(width: 2),
        pairsOfThreeBits: BitPacking.pairTable(width: 3), pairsOfFourBits: BitPacking.pairTable(width: 4))
}

extension BitPacking {
    fileprivate static func quadTable(width w: Int) -> UnsafePointer<SIMD4<UInt32>> {
        let count = 1 << (4 * w), mask = (1 << w) - 1
        let table = UnsafeMutablePointer<SIMD4<UInt32>>.allocate(capacity: count)
        for v in 0..<count {
            table[v] = SIMD4(UInt32(v & mask), UInt32(v >> w & mask), UInt32(v >> (2 * w) & mask), UInt32(v >> (3 * w) & mask))
        }
        return UnsafePointer(table)
    }

    fileprivate static func pairTable(width w: Int) -> UnsafePointer<SIMD2<UInt32>> {
        let count = 1 << (2 * w), mask = (1 << w) - 1
        let table = UnsafeMutablePointer<SIMD2<UInt32>>.allocate(capacity: count)
        for v in 0..<count { table[v] = SIMD2(UInt32(v & mask), UInt32(v >> w & mask)) }
        return UnsafePointer(table)
    }

    /// Unpacks a run of width 1 or 2 (16·w readable bytes at `base`) into `output`'s 128 values.
    @inline(__always)
    static func unpackByQuads(_ base: UnsafeRawPointer, width w: Int, table: UnsafePointer<SIMD4<UInt32>>,
                              into output: UnsafeMutablePointer<UInt32>) {
        // A 64-bit word holds 16/w chunks of four values; the run is 2w words.
        let chunkBits = 4 &* w, chunkMask: UInt64 = (1 << UInt64(chunkBits)) &- 1, chunksPerWord = 16 / w
        let out = UnsafeMutableRawPointer(output)
        for k in 0..<(2 &* w) {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: k &* 8, as: UInt64.self))
            for c in 0..<chunksPerWord {
                let quad = table[Int(truncatingIfNeeded: (word &>> UInt64(c &* chunkBits)) & chunkMask)]
                out.storeBytes(of: quad, toByteOffset: (k &* chunksPerWord &+ c) &* 16, as: SIMD4<UInt32>.self)
            }
        }
    }

    /// Unpacks a run of width 3 or 4 (16·w readable bytes at `base`) into `output`'s 128 values: a
    /// group of eight values (w bytes) at a time, as `forEachValue` reads it, in four pairs.
    @inline(__always)
    static func unpackByPairs(_ base: UnsafeRawPointer, width w: Int, table: UnsafePointer<SIMD2<UInt32>>,
                              into output: UnsafeMutablePointer<UInt32>) {
        let pairBits = 2 &* w, pairMask: UInt64 = (1 << UInt64(pairBits)) &- 1
        let out = UnsafeMutableRawPointer(output)
        for g in 0..<(blockSize / 8) {
            let word = groupWord(base, group: g, width: w)
            for p in 0..<4 {
                let pair = table[Int(truncatingIfNeeded: (word &>> UInt64(p &* pairBits)) & pairMask)]
                out.storeBytes(of: pair, toByteOffset: (g &* 4 &+ p) &* 8, as: SIMD2<UInt32>.self)
            }
        }
    }
}
