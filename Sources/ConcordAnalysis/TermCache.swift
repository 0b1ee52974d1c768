/// A bounded map from a folded word's UTF-8 bytes to its resolved term, so frequent words skip
/// String creation, hashing with SipHash and stemming. Open addressing with linear probing. When full,
/// `CacheAdmission` decides whether a new word is turned away or the cache is cleared (allocation-free)
/// and refilled.
///
/// Every token of every document is looked up here, and the lookups miss the CPU caches: so a slot is
/// the whole entry — 32 bits of the key's hash, its length, its first 16 bytes (most words have no more)
/// and the value — and a lookup of a word of up to 16 bytes reads one place in memory, where a table of
/// indices into entries with their keys in an arena read three.
///
/// Each entry's insertion number is its word's key (`ResolvedTerm.cacheKey`) in the cache's current
/// `keySpace`: entries are only added until the cache is cleared, and clearing starts a new key space, so
/// a key names one word for as long as its space lives (see `TermKeySpace`).
struct TermCache {
    /// Empty when `length` is 0 (no key is empty).
    private struct Entry {
        /// The key's hash, low 32 bits.
        var tag: UInt32 = 0
        var length: UInt32 = 0
        /// The key's first 16 bytes, zero-padded; for a longer key, `head.0` is where its bytes start in `arena`.
        var head: (UInt64, UInt64) = (0, 0)
        var value = ResolvedTerm(term: "", isStopWord: false)
    }

    private var slots: [Entry]
    private var count = 0
    /// The bytes of keys longer than 16 bytes.
    private var arena: [UInt8] = []
    private var admission: CacheAdmission
    private var mask: Int
    /// The slot table's size once `limit` entries are in (it starts small and doubles as entries come,
    /// so a short run, such as one search, does not clear a table it never uses).
    private let fullSize: Int
    /// What the entries' keys are keys in; replaced whenever the cache is cleared.
    private(set) var keySpace = TermKeySpace()

    /// `limit` entries at most; the slot table grows to keep the load factor at most one half.
    init(limit: Int) {
        var size = 16
        while size < limit * 2 { size *= 2 }
        fullSize = size
        let initial = min(size, Self.initialSize)
        slots = Array(repeating: Entry(), count: initial)
        mask = initial - 1
        admission = CacheAdmission(limit: limit)
    }

    /// Slots of a new cache (12 KiB): enough for the words of a query; a cache that analyzes documents or
    /// snippets grows from there.
    static let initialSize = 256

    /// The key's hash (see `WordHash`).
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> Int { WordHash.of(key) }

    @inline(__always)
    private func slot(of hash: Int) -> Int { WordHash.slot(of: hash, mask: mask) }

    @inline(__always)
    private static func tag(of hash: Int) -> UInt32 { WordHash.tag(of: hash) }

    /// The key's first 16 bytes, zero-padded (as they lie in memory). Read with at most two loads, or byte by
    /// byte below eight bytes: a `memcpy` call per word looked up cost more than the copy.
    @inline(__always)
    private static func head(of key: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        guard let base = key.baseAddress else { return (0, 0) }
        let count = min(key.count, 16)
        #if _endian(little)
        let raw = UnsafeRawPointer(base)
        if count >= 8 {
            let first = raw.loadUnaligned(as: UInt64.self)
            guard count > 8 else { return (first, 0) }
            // Bytes count − 8 ..< count; the shift leaves bytes 8 ..< count, zero-padded.
            let last = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            return (first, last >> UInt64(8 * (16 - count)))
        }
        var word: UInt64 = 0
        for i in 0..<count { word |= UInt64(base[i]) << UInt64(8 * i) }
        return (word, 0)
        #else
        var head: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &head) { $0.baseAddress!.copyMemory(from: base, byteCount: count) }
        return head
        #endif
    }

    mutating func value(for key: UnsafeBufferPointer<UInt8>, hash: Int) -> ResolvedTerm? {
        let tag = Self.tag(of: hash)
        let length = UInt32(truncatingIfNeeded: key.count)
        let short = key.count <= 16
        let head = short ? Self.head(of: key) : (0, 0)
        var slot = slot(of: hash)
        let mask = self.mask
        let found: ResolvedTerm? = slots.withUnsafeBufferPointer { slots in
            guard let base = slots.baseAddress else { return nil }
            while true {
                // Field by field through the pointer: copying the entry would retain its term.
                let entry = base + slot
                let entryLength = entry.pointee.length
                if entryLength == 0 { return nil }
                if entry.pointee.tag == tag && entryLength == length {
                    if short {
                        if entry.pointee.head.0 == head.0 && entry.pointee.head.1 == head.1 { return entry.pointee.value }
                    } else if arena.withUnsafeBufferPointer({ Self.equal(key, $0, at: Int(entry.pointee.head.0)) }) {
                        return entry.pointee.value
                    }
                }
                slot = (slot &+ 1) & mask
            }
        }
        if found != nil { admission.recordHit() }
        return found
    }

    @inline(__always)
    private static func equal(_ key: UnsafeBufferPointer<UInt8>, _ arena: UnsafeBufferPointer<UInt8>, at start: Int) -> Bool {
        for i in 0..<key.count where arena[start &+ i] != key[i] { return false }
        return true
    }

    /// Adds the word unless the cache turns it away; returns its key in `keySpace` (−1 when turned away).
    /// The word must not be in the cache.
    @discardableResult
    mutating func insert(_ value: ResolvedTerm, for key: UnsafeBufferPointer<UInt8>, hash: Int) -> Int32 {
        switch admission.decide(count: count) {
        case .insert: break
        case .refuse: return -1
        case .clearAndInsert: removeAll()
        }
        if 2 * (count + 1) > slots.count && slots.count < fullSize { grow() }
        var entry = Entry(tag: Self.tag(of: hash), length: UInt32(key.count), value: value)
        if key.count <= 16 {
            entry.head = Self.head(of: key)
        } else {
            entry.head = (UInt64(arena.count), 0)
            arena.append(contentsOf: key)
        }
        entry.value.cacheKey = Int32(count)
        place(entry, hash: hash)
        count += 1
        return entry.value.cacheKey
    }

    /// Puts `entry` in the first free slot from its hash's.
    @inline(__always)
    private mutating func place(_ entry: Entry, hash: Int) {
        var slot = slot(of: hash)
        while slots[slot].length != 0 { slot = (slot + 1) & mask }
        slots[slot] = entry
    }

    /// Doubles the slot table and places every entry again (its hash recomputed from its key bytes).
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Entry(), count: old.count * 2)
        mask = slots.count - 1
        for entry in old where entry.length != 0 {
            let hash: Int
            if entry.length <= 16 {
                var head = entry.head
                hash = withUnsafeBytes(of: &head) { Self.hash(UnsafeBufferPointer(rebasing: $0.bindMemory(to: UInt8.self)[0..<Int(entry.length)])) }
            } else {
                let start = Int(entry.head.0)
                hash = arena.withUnsafeBufferPointer { Self.hash(UnsafeBufferPointer(rebasing: $0[start..<(start + Int(entry.length))])) }
            }
            place(entry, hash: hash)
        }
    }

    /// Slots in the table now (for tests).
    var slotCount: Int { slots.count }

    mutating func removeAll() {
        for i in slots.indices { slots[i] = Entry() }
        count = 0
        arena.removeAll(keepingCapacity: true)
        keySpace = TermKeySpace()
    }
}

/// The identity of one filling of an analyzer's word cache: a word's cache key (`Analyzer.fieldTerms`)
/// names the same word, hence the same term, for as long as the space it came with is the analyzer's
/// current one. An index builder may remember what it found for a key, per space, instead of hashing the
/// term again: two spaces are never the same object while either is referenced.
public final class TermKeySpace: Sendable {
    init() {}
}
