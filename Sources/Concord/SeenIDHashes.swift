/// The id hashes (`CorpusManifest.RecordList.idHash`) seen so far in a build from nothing, to notice the
/// first id that may occur twice while records are still being read.
///
/// An open-addressing table of 32-bit tags, 5–11 bytes per id: a hash's home slot comes from its low bits
/// and the slot holds its high 32 bits, so a hash always meets its own tag on the way from its home slot
/// (`insert` never misses a repeat). A different hash meets an equal tag on its way about once in 10^9
/// inserts (a few slots looked at, each a 2^-32 chance), so about one build of ten million ids in a hundred
/// sees one: never proof of a duplicate, only a "maybe" that the caller settles another way. (A table of whole 64-bit hashes would take 16–32 bytes per id, more than the two-pass build's
/// sort of 16-byte pairs.) The tags do not say where their home slots were, so the table grows by being
/// filled again from every hash seen, which the caller holds (`grow(refilling:)`).
struct SeenIDHashes {
    /// 0 marks an empty slot (a tag of 0 is stored as 1).
    private var slots: [UInt32]
    private var mask: Int
    private(set) var count = 0

    init(slots size: Int = 1 << 12) {
        var power = 1 << 4
        while power < size { power <<= 1 }
        slots = [UInt32](repeating: 0, count: power)
        mask = power - 1
    }

    /// Whether the next `insert` would fill the table beyond three quarters: `grow` first.
    var isFull: Bool { (count + 1) * 4 > slots.count * 3 }

    /// Adds `hash`; false when it (or, rarely, another hash with its tag) is already there. The table must
    /// not be full (`isFull`).
    mutating func insert(_ hash: UInt64) -> Bool {
        let mixed = Self.mix(hash)
        let tag = UInt32(truncatingIfNeeded: mixed >> 32)
        let stored = tag == 0 ? 1 : tag
        var i = Int(truncatingIfNeeded: mixed) & mask
        let mask = self.mask
        let inserted: Bool = slots.withUnsafeMutableBufferPointer { table in
            while table[i] != 0 {
                if table[i] == stored { return false }
                i = (i &+ 1) & mask
            }
            table[i] = stored
            return true
        }
        if inserted { count += 1 }
        return inserted
    }

    /// Doubles the table and fills it again with every hash inserted so far, which `forEachHash` hands to
    /// the closure it is given (in any order; they then take at most 3/8 of the slots). False when two of
    /// them now meet with one tag (the same "maybe" as `insert`'s).
    mutating func grow(refilling forEachHash: ((UInt64) -> Void) -> Void) -> Bool {
        // The old slots go first (the hashes come from the caller), so the two tables never coexist.
        let doubled = slots.count * 2
        slots = []
        var table = SeenIDHashes(slots: doubled)
        var clash = false
        forEachHash { hash in
            if !clash && !table.insert(hash) { clash = true }
        }
        self = table
        return !clash
    }

    /// The hash with its bits spread (FNV-1a's low bits alone cluster): the low half picks the home slot,
    /// the high half is the tag.
    @inline(__always)
    private static func mix(_ hash: UInt64) -> UInt64 {
        var h = hash ^ (hash >> 31)
        h &*= 0xBF58_476D_1CE4_E5B9
        h ^= h >> 29
        h &*= 0x94D0_49BB_1331_11EB
        return h ^ (h >> 32)
    }
}
