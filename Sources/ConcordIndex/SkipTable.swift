/// The skip table of one term's postings in the `.doc` body: one `PostingsWriter.skipEntrySize`-byte
/// entry per block (see FORMAT.md), read in place. A plain value, cheap to copy.
struct SkipTable {
    let bytes: UnsafeRawBufferPointer
    /// Where the first entry starts in `bytes`.
    let start: Int
    /// How many entries there are (0 for postings of a single block).
    let count: Int

    /// Field `field` (0: last document, 1: block offset, 2: position offset) of entry `k`, or nil when
    /// it lies outside `bytes`.
    @inline(__always)
    func entry(_ k: Int, field: Int) -> UInt32? {
        let offset = start &+ k &* PostingsWriter.skipEntrySize &+ 4 &* field
        guard offset >= 0, offset <= bytes.count &- 4 else { return nil }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// The first block after block `known` (whose last document is below `target`) whose last document
    /// is `>= target`, or `count` when there is none (nil when an entry lies outside `bytes`): galloping,
    /// then binary search, so a far target costs a logarithmic number of entries.
    func firstBlock(endingAtOrAfter target: Int32, after known: Int) -> Int? {
        func below(_ k: Int) -> Bool? { entry(k, field: 0).map { Int32(bitPattern: $0) < target } }
        var low = known, step = 1
        var high = known &+ 1
        while high < count {
            guard let isBelow = below(high) else { return nil }
            if !isBelow { break }
            low = high
            step &*= 2
            high = low &+ step
        }
        if high >= count {
            high = count
        }
        // Invariant: block low ends below target; block high ends at or after it, or high == count.
        while high &- low > 1 {
            let mid = (low &+ high) >> 1
            guard let isBelow = below(mid) else { return nil }
            if isBelow { low = mid } else { high = mid }
        }
        return high
    }
}
