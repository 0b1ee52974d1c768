/// Decompressed stored-field chunks of one segment kept for later reads, the least recently used
/// evicted first, bounded by the bytes they hold.
///
/// Guarantees: the chunks held never hold more than `byteBudget` bytes together, except that the
/// chunk read last is always kept (so a budget of 0, or one chunk larger than the budget, keeps exactly
/// the last chunk, as a reader without a cache would); a chunk's bytes are those it was inserted with.
/// Not thread-safe (it lives inside a `StoredFieldsReader`, which is not).
struct StoredChunkCache {
    /// A kept chunk: its number, its first document, its decompressed bytes and its neighbours in the
    /// recency list (slot numbers, -1 for none).
    struct Entry {
        var chunk: Int
        var firstDoc: Int
        var bytes: [UInt8]
        var newer: Int
        var older: Int
    }

    /// The most decompressed bytes kept at once (beyond the last chunk read).
    var byteBudget: Int {
        didSet { evict(keeping: newest) }
    }
    /// Decompressed bytes held now.
    private(set) var byteCount = 0
    /// Lookups answered from the cache, and lookups that found nothing, over the cache's life.
    private(set) var hits = 0
    private(set) var misses = 0

    private var slots: [Entry] = []
    private var freeSlots: [Int] = []
    private var slotOfChunk: [Int: Int] = [:]
    /// Ends of the recency list (slot numbers, -1 when empty).
    private var newest = -1
    private var oldest = -1

    init(byteBudget: Int) {
        self.byteBudget = max(byteBudget, 0)
    }

    /// Chunks held now.
    var count: Int { slotOfChunk.count }

    /// The slot holding `chunk`, made the most recently used; nil (counted as a miss) when not held.
    mutating func slot(of chunk: Int) -> Int? {
        guard let slot = slotOfChunk[chunk] else {
            misses += 1
            return nil
        }
        hits += 1
        if slot != newest {
            unlink(slot)
            pushNewest(slot)
        }
        return slot
    }

    /// The chunk held in `slot` (from `slot(of:)` or `insert`, before any later insert).
    func entry(_ slot: Int) -> Entry { slots[slot] }

    /// Keeps `bytes` as chunk `chunk` (not held yet), the most recently used, evicting the least
    /// recently used chunks until the budget holds; returns its slot.
    mutating func insert(chunk: Int, firstDoc: Int, bytes: [UInt8]) -> Int {
        let entry = Entry(chunk: chunk, firstDoc: firstDoc, bytes: bytes, newer: -1, older: -1)
        let slot: Int
        if let free = freeSlots.popLast() {
            slot = free
            slots[slot] = entry
        } else {
            slot = slots.count
            slots.append(entry)
        }
        slotOfChunk[chunk] = slot
        byteCount += bytes.count
        pushNewest(slot)
        evict(keeping: slot)
        return slot
    }

    /// Evicts from the old end until the budget holds or only `kept` is left.
    private mutating func evict(keeping kept: Int) {
        while byteCount > byteBudget, oldest != -1, oldest != kept {
            let slot = oldest
            unlink(slot)
            byteCount -= slots[slot].bytes.count
            slotOfChunk[slots[slot].chunk] = nil
            slots[slot].bytes = []
            freeSlots.append(slot)
        }
    }

    private mutating func unlink(_ slot: Int) {
        let (newer, older) = (slots[slot].newer, slots[slot].older)
        if newer != -1 { slots[newer].older = older } else { newest = older }
        if older != -1 { slots[older].newer = newer } else { oldest = newer }
        slots[slot].newer = -1
        slots[slot].older = -1
    }

    private mutating func pushNewest(_ slot: Int) {
        slots[slot].older = newest
        slots[slot].newer = -1
        if newest != -1 { slots[newest].newer = slot } else { oldest = slot }
        newest = slot
    }
}
