/// The hash the analyzer's caches (`TermCache`, `FoldCache`) key words by: FNV-1a over the word's code
/// units, multiplied by a large odd constant so that the high 32 bits, which pick a slot, depend on
/// every unit; the low 32 bits are FNV-1a's own, kept in the slot as a tag to compare before the key.
enum WordHash {
    @inline(__always)
    static func of<Unit: FixedWidthInteger & UnsignedInteger>(_ key: UnsafeBufferPointer<Unit>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for unit in key {
            h = (h ^ UInt64(unit)) &* 0x0000_0100_0000_01B3
        }
        let mixed = h &* 0x9E37_79B9_7F4A_7C15
        return Int(bitPattern: UInt(mixed & 0xFFFF_FFFF_0000_0000 | h & 0xFFFF_FFFF))
    }

    /// The first slot to probe in a table of `mask + 1` slots (a power of two).
    @inline(__always)
    static func slot(of hash: Int, mask: Int) -> Int { Int(UInt64(UInt(bitPattern: hash)) >> 32) & mask }

    @inline(__always)
    static func tag(of hash: Int) -> UInt32 { UInt32(truncatingIfNeeded: hash) }
}
