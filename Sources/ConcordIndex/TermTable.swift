/// Interns terms to dense ids (0, 1, 2, … in order of first sight) while a segment is built.
///
/// An open-addressing table over the terms' UTF-8 bytes with a cheap 64-bit hash: the in-memory
/// builder looks up every token of every document here, and `Dictionary<String, _>`'s seeded SipHash
/// made that lookup the largest single cost of indexing. Term bytes live in one arena.
struct TermTable {
    /// Per slot: 0 when empty, else the term's hash with its low 32 bits replaced by its id + 1, so most
    /// probes that do not match are told apart without reading the term's bytes (a cache miss each).
    private var slots: [UInt64]
    private var mask: Int
    private var hashes: [UInt64] = []
    private var starts: [Int] = [0]     // term k's bytes are arena[starts[k]..<starts[k + 1]]
    private var arena: [UInt8] = []

    init(capacity: Int = 1 << 12) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { hashes.count }

    /// Bytes held by the table (for memory accounting).
    var byteCount: Int { arena.count + slots.count * 8 + hashes.count * 16 }

    /// The UTF-8 bytes of term `id`.
    func bytes(of id: Int) -> ArraySlice<UInt8> { arena[starts[id]..<starts[id + 1]] }

    /// Every term id, in ascending order of the terms' UTF-8 bytes (the order a segment writes them in).
    ///
    /// Terms are sorted by their first eight bytes as one big-endian integer (zero-padded) and only terms
    /// that tie on those are compared byte by byte, so most comparisons are one integer comparison and
    /// touch no term bytes.
    func sortedIDs() -> [Int32] {
        var keys: [(prefix: UInt64, id: Int32)] = []
        keys.reserveCapacity(count)
        arena.withUnsafeBufferPointer { arena in
            starts.withUnsafeBufferPointer { starts in
                for id in 0..<count {
                    let start = starts[id], length = starts[id + 1] - start
                    var prefix: UInt64 = 0
                    for k in 0..<8 { prefix = prefix << 8 | (k < length ? UInt64(arena[start + k]) : 0) }
                    keys.append((prefix, Int32(id)))
                }
                keys.sort { x, y in
                    if x.prefix != y.prefix { return x.prefix < y.prefix }
                    let xStart = starts[Int(x.id)], xLength = starts[Int(x.id) + 1] - xStart
                    let yStart = starts[Int(y.id)], yLength = starts[Int(y.id) + 1] - yStart
                    guard let base = arena.baseAddress else { return xLength < yLength }
                    let order = memcmp(base + xStart, base + yStart, min(xLength, yLength))
                    return order != 0 ? order < 0 : xLength < yLength
                }
            }
        }
        return keys.map(\.id)
    }

    /// The id of `term`, adding it when new.
    mutating func id(for term: String) -> Int32 {
        var term = term
        return term.withUTF8 { id(for: $0) }
    }

    mutating func id(for bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(bytes)
        let tag = hash & 0xFFFF_FFFF_0000_0000
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int(entry & 0xFFFF_FFFF) - 1
                if equals(id, bytes) { return Int32(id) }
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        hashes.append(hash)
        arena.append(contentsOf: bytes)
        starts.append(arena.count)
        slots[slot] = tag | UInt64(id + 1)
        if hashes.count * 2 > slots.count { grow() }
        return id
    }

    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[id], length = starts[id + 1] - start
        guard length == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            guard let a = stored.baseAddress, let b = bytes.baseAddress else { return length == 0 }
            // Terms are short: compared eight bytes at a time in line, which costs less than a call to memcmp.
            let x = UnsafeRawPointer(a + start), y = UnsafeRawPointer(b)
            var i = 0
            while i + 8 <= length {
                if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                    return false
                }
                i += 8
            }
            while i < length {
                if x.load(fromByteOffset: i, as: UInt8.self) != y.load(fromByteOffset: i, as: UInt8.self) { return false }
                i += 1
            }
            return true
        }
    }

    private mutating func grow() {
        slots = [UInt64](repeating: 0, count: slots.count * 2)
        mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(id + 1)
        }
    }

    /// FNV-1a over the bytes, then a final avalanche so the low bits (the slot) depend on every byte.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        h ^= h >> 32
        h &*= 0xD6E8_FEB8_6659_FD93
        h ^= h >> 32
        return h
    }
}

#if canImport(Glibc)
import Glibc
#endif
