/// A bounded map from a folded word's UTF-8 bytes to its resolved term, so frequent words skip
/// String creation, hashing with SipHash and stemming. Open addressing with linear probing over
/// an arena of key bytes. When full, a new word is turned away while the cache serves most lookups
/// (the frequent words came first and stay); once it serves fewer than 4 in 5 of them it is cleared and
/// refilled (allocation-free; clearing on every fill kept evicting the frequent words).
///
/// Every token of every document is looked up here, and the lookups miss the CPU caches: each slot
/// carries 32 bits of the key's hash, so a probe that does not match is told apart without reading
/// the entry, and an entry keeps its key's place and its value side by side.
struct TermCache {
    /// 0 when empty, else the key's 32-bit tag (high half) and its entry index + 1 (low half).
    private var slots: [UInt64]
    private var entries: [Entry] = []
    private var arena: [UInt8] = []
    private let limit: Int
    private var mask: Int
    /// The slot table's size once `limit` entries are in (it starts small and doubles as entries come,
    /// so a short run, such as one search, does not clear half a megabyte it never uses).
    private let fullSize: Int
    /// Hits, and words turned away while full, since the cache last filled or was last judged.
    private var hits = 0
    private var refused = 0

    private struct Entry {
        var start: Int32
        var length: Int32
        var value: ResolvedTerm
    }

    /// `limit` entries at most; the slot table grows to keep the load factor at most one half.
    init(limit: Int) {
        var size = 16
        while size < limit * 2 { size *= 2 }
        fullSize = size
        let initial = min(size, Self.initialSize)
        slots = Array(repeating: 0, count: initial)
        mask = initial - 1
        self.limit = limit
    }

    /// Slots of a new cache: 8 KiB, enough for the words of a query or a few short documents.
    static let initialSize = 1024

    /// The key's hash: the slot comes from its high 32 bits, the tag kept in the slot from its low 32.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let mixed = h &* 0x9E37_79B9_7F4A_7C15
        return Int(bitPattern: UInt(mixed & 0xFFFF_FFFF_0000_0000 | h & 0xFFFF_FFFF))
    }

    @inline(__always)
    private func slot(of hash: Int) -> Int { Int(UInt64(UInt(bitPattern: hash)) >> 32) & mask }

    @inline(__always)
    private static func tag(of hash: Int) -> UInt64 { UInt64(UInt(bitPattern: hash)) << 32 }

    mutating func value(for key: UnsafeBufferPointer<UInt8>, hash: Int) -> ResolvedTerm? {
        let tag = Self.tag(of: hash)
        var slot = slot(of: hash)
        let found: ResolvedTerm? = slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBufferPointer { arena in
                    while true {
                        let packed = slots[slot]
                        if packed == 0 { return nil }
                        if packed & 0xFFFF_FFFF_0000_0000 == tag {
                            let entry = entries[Int(packed & 0xFFFF_FFFF) - 1]
                            if Int(entry.length) == key.count && Self.equal(key, arena, at: Int(entry.start)) {
                                return entry.value
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        if found != nil { hits &+= 1 }
        return found
    }

    @inline(__always)
    private static func equal(_ key: UnsafeBufferPointer<UInt8>, _ arena: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        for i in 0..<key.count where arena[start &+ i] != key[i] { return false }
        return true
    }

    mutating func insert(_ value: ResolvedTerm, for key: UnsafeBufferPointer<UInt8>, hash: Int) {
        if entries.count >= limit {
            refused += 1
            // Judged every `limit / 4` words turned away: keep serving, or clear and refill.
            guard refused >= max(1, limit / 4) else { return }
            let serving = hits >= 4 * refused
            hits = 0
            refused = 0
            if serving { return }
            removeAll()
        }
        if 2 * (entries.count + 1) > slots.count && slots.count < fullSize { grow() }
        place(entries.count, hash: hash)
        entries.append(Entry(start: Int32(arena.count), length: Int32(key.count), value: value))
        arena.append(contentsOf: key)
    }

    /// Puts entry `index` in the first free slot from its hash's.
    @inline(__always)
    private mutating func place(_ index: Int, hash: Int) {
        var slot = slot(of: hash)
        while slots[slot] != 0 { slot = (slot + 1) & mask }
        slots[slot] = Self.tag(of: hash) | UInt64(index + 1)
    }

    /// Doubles the slot table and places every entry again (its hash recomputed from its key bytes).
    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for index in entries.indices {
            let entry = entries[index]
            let hash = arena.withUnsafeBufferPointer { arena in
                Self.hash(UnsafeBufferPointer(rebasing: arena[Int(entry.start)..<Int(entry.start + entry.length)]))
            }
            place(index, hash: hash)
        }
    }

    /// Slots in the table now (for tests).
    var slotCount: Int { slots.count }

    mutating func removeAll() {
        for i in slots.indices { slots[i] = 0 }
        entries.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
    }
}
