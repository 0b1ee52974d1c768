/// The id hashes (`CorpusManifest.RecordList.idHash`) seen so far in a build from nothing, to notice the
/// first id that may occur twice while records are still being read: an open-addressing table of the
/// 64-bit hashes themselves, 8 to 16 bytes per id (no SipHash of the hash, as `Set<UInt64>` would do).
///
/// `insert` answers false for a hash already held, so two ids with one hash (a collision, about one in
/// 10^9 for 200,000 ids) look like a duplicate too: the caller treats that as "maybe", never as proof.
struct SeenIDHashes {
    /// 0 marks an empty slot; a hash equal to 0 is stored as 1 (one more way to answer "maybe").
    private var slots: [UInt64]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 1024
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    /// Adds `hash`; false when it was already there.
    mutating func insert(_ hash: UInt64) -> Bool {
        if (count + 1) * 2 > slots.count { grow() }
        let value = hash == 0 ? 1 : hash
        return slots.withUnsafeMutableBufferPointer { table in
            var i = Self.slot(value, mask)
            while table[i] != 0 {
                if table[i] == value { return false }
                i = (i + 1) & mask
            }
            table[i] = value
            count += 1
            return true
        }
    }

    /// The first slot to try: the hash's bits mixed (FNV-1a's low bits alone cluster), masked.
    private static func slot(_ value: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (value &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        mask = slots.count - 1
        slots.withUnsafeMutableBufferPointer { table in
            for value in old where value != 0 {
                var i = Self.slot(value, mask)
                while table[i] != 0 { i = (i + 1) & mask }
                table[i] = value
            }
        }
    }
}
