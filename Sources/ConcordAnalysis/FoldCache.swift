/// A bounded map from a word as the break iterator gave it (UTF-16 units) to its ICU folding (UTF-8
/// bytes and whether it is alphabetic), so a frequent non-ASCII word is folded once rather than run
/// through three normalizers every time it occurs: folding was over half of the ICU path's time.
///
/// Folding depends on the word alone, so a cached folding is the one `ICUTermFolder` would give.
/// Open addressing with linear probing; keys and values live in two arenas, a slot holds 32 bits of
/// the key's hash, the key's length and where key and value start. When full, `CacheAdmission`
/// decides whether a new word is turned away or the cache is cleared and refilled.
struct FoldCache {
    /// Empty when `keyLength` is 0 (no key is empty).
    private struct Entry {
        var tag: UInt32 = 0
        var keyLength: UInt32 = 0
        var keyStart: UInt32 = 0
        var valueStart: UInt32 = 0
        var valueLength: UInt32 = 0
        var alphabetic = false
    }

    private var slots: [Entry]
    private var count = 0
    private var keys: [UInt16] = []
    private var values: [UInt8] = []
    private var admission: CacheAdmission
    private var mask: Int
    /// The slot table's size once `limit` entries are in (it starts small and doubles as entries come).
    private let fullSize: Int

    /// `limit` entries at most; the slot table grows to keep the load factor at most one half.
    init(limit: Int) {
        var size = 16
        while size < limit * 2 { size *= 2 }
        fullSize = size
        let initial = min(size, 64)
        slots = Array(repeating: Entry(), count: initial)
        mask = initial - 1
        admission = CacheAdmission(limit: limit)
    }

    /// The key's hash (see `WordHash`).
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt16>) -> Int { WordHash.of(key) }

    @inline(__always)
    private func slot(of hash: Int) -> Int { WordHash.slot(of: hash, mask: mask) }

    /// Calls `body` with the cached folding of `key` and returns its result; nil (without calling
    /// `body`) when `key` is not cached.
    mutating func withFolding<R>(of key: UnsafeBufferPointer<UInt16>, hash: Int,
                                 _ body: (UnsafeBufferPointer<UInt8>, _ alphabetic: Bool) -> R) -> R? {
        guard let found = find(key, hash: hash) else { return nil }
        admission.recordHit()
        let entry = slots[found]
        return values.withUnsafeBufferPointer { values in
            body(UnsafeBufferPointer(rebasing: values[Int(entry.valueStart)..<Int(entry.valueStart + entry.valueLength)]),
                 entry.alphabetic)
        }
    }

    /// The slot holding `key`, or nil.
    private func find(_ key: UnsafeBufferPointer<UInt16>, hash: Int) -> Int? {
        let tag = WordHash.tag(of: hash)
        let length = UInt32(truncatingIfNeeded: key.count)
        var slot = slot(of: hash)
        return slots.withUnsafeBufferPointer { slots in
            keys.withUnsafeBufferPointer { keys in
                while true {
                    let entry = slots[slot]
                    if entry.keyLength == 0 { return nil }
                    if entry.tag == tag && entry.keyLength == length
                        && Self.equal(key, keys, at: Int(entry.keyStart)) {
                        return slot
                    }
                    slot = (slot &+ 1) & mask
                }
            }
        }
    }

    @inline(__always)
    private static func equal(_ key: UnsafeBufferPointer<UInt16>, _ arena: UnsafeBufferPointer<UInt16>, at start: Int) -> Bool {
        for i in 0..<key.count where arena[start &+ i] != key[i] { return false }
        return true
    }

    /// Adds `key`'s folding unless the cache turns it away. `key` must not be in the cache.
    mutating func insert(_ key: UnsafeBufferPointer<UInt16>, folded: UnsafeBufferPointer<UInt8>,
                         alphabetic: Bool, hash: Int) {
        guard !key.isEmpty else { return }
        switch admission.decide(count: count) {
        case .insert: break
        case .refuse: return
        case .clearAndInsert: removeAll()
        }
        if 2 * (count + 1) > slots.count && slots.count < fullSize { grow() }
        let entry = Entry(tag: WordHash.tag(of: hash), keyLength: UInt32(key.count),
                          keyStart: UInt32(keys.count), valueStart: UInt32(values.count),
                          valueLength: UInt32(folded.count), alphabetic: alphabetic)
        keys.append(contentsOf: key)
        values.append(contentsOf: folded)
        place(entry, hash: hash)
        count += 1
    }

    /// Puts `entry` in the first free slot from its hash's.
    private mutating func place(_ entry: Entry, hash: Int) {
        var slot = slot(of: hash)
        while slots[slot].keyLength != 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    /// Doubles the slot table and places every entry again (its hash recomputed from its key).
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Entry(), count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry.keyLength != 0 {
            let start = Int(entry.keyStart)
            let hash = keys.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start..<(start + Int(entry.keyLength))])) }
            place(entry, hash: hash)
        }
    }

    /// Words held now (for tests).
    var wordCount: Int { count }

    mutating func removeAll() {
        for i in slots.indices { slots[i] = Entry() }
        count = 0
        keys.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }
}
