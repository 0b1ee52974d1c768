/// A bounded map from a folded word's UTF-8 bytes to its resolved term, so frequent words skip
/// String creation, hashing with SipHash and stemming. Open addressing with linear probing over
/// an arena of key bytes; when full it is cleared (a simple, allocation-free eviction policy).
struct TermCache {
    private var slots: [Int32]
    private var keyStarts: [Int32] = []
    private var keyLengths: [Int32] = []
    private var values: [ResolvedTerm] = []
    private var arena: [UInt8] = []
    private let limit: Int
    private let mask: Int

    /// `limit` entries at most; the slot table is sized to keep the load factor under one half.
    init(limit: Int) {
        var size = 16
        while size < limit * 2 { size *= 2 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        self.limit = limit
    }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key {
            h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 32)
    }

    func value(for key: UnsafeBufferPointer<UInt8>, hash: Int) -> ResolvedTerm? {
        var slot = hash & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            if Int(keyLengths[entry]) == key.count {
                let start = Int(keyStarts[entry])
                let equal = arena.withUnsafeBufferPointer { stored in
                    for i in 0..<key.count where stored[start + i] != key[i] { return false }
                    return true
                }
                if equal { return values[entry] }
            }
            slot = (slot + 1) & mask
        }
    }

    mutating func insert(_ value: ResolvedTerm, for key: UnsafeBufferPointer<UInt8>, hash: Int) {
        if values.count >= limit { removeAll() }
        var slot = hash & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(values.count)
        keyStarts.append(Int32(arena.count))
        keyLengths.append(Int32(key.count))
        arena.append(contentsOf: key)
        values.append(value)
    }

    mutating func removeAll() {
        for i in slots.indices { slots[i] = -1 }
        keyStarts.removeAll(keepingCapacity: true)
        keyLengths.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
        arena.removeAll(keepingCapacity: true)
    }
}
