/// The skip table of one term's postings in the `.doc` body (index format 6): nine width bytes, then
/// one bit-packed entry per block (see FORMAT.md), read in place. A plain value, cheap to copy.
///
/// Entry fields, in order: 0 last document, 1 block offset, 2 position offset, 3–5 largest frequency
/// per field, 6–8 smallest field length per field, each of its width for the whole table, and 9 the
/// largest pseudo-frequency (an `f32` bit pattern, always 32 bits). Damaged widths (an offset or
/// document wider than 32 bits, a frequency or length wider than 16) make every entry unreadable:
/// `entry` answers nil, which readers report as corruption of the file.
struct SkipTable {
    /// Fields per entry, and how many of them have a width byte.
    static let fieldCount = 10
    static let widthCount = 9
    static let pseudoFrequencyField = 9

    let bytes: UnsafeRawBufferPointer
    /// Where the packed entries start in `bytes` (after the width bytes).
    let start: Int
    /// How many entries there are (0 for postings of a single block).
    let count: Int
    /// Where the table ends (the term's first block starts).
    let end: Int
    /// Bits per entry, and each field's offset (low byte) and width (next byte) within an entry.
    private let entryBits: Int
    private let layout: SIMD16<UInt16>
    private let isValid: Bool

    /// The table of `count` entries at `tableStart` in `bytes` (none when `count` is 0).
    init(bytes: UnsafeRawBufferPointer, tableStart: Int, count: Int) {
        self.bytes = bytes
        self.count = count
        var layout = SIMD16<UInt16>(repeating: 0)
        guard count > 0 else {
            (start, end, entryBits, self.layout, isValid) = (tableStart, tableStart, 0, layout, true)
            return
        }
        var valid = tableStart >= 0 && tableStart <= bytes.count - Self.widthCount
        var bits = 0
        for field in 0..<Self.fieldCount {
            var width = 32
            if field < Self.widthCount {
                width = valid ? Int(bytes[tableStart + field]) : 0
                if width > (field < 3 ? 32 : 16) { valid = false }
            }
            layout[field] = UInt16(truncatingIfNeeded: bits) | UInt16(truncatingIfNeeded: width) << 8
            bits += width
        }
        start = tableStart + Self.widthCount
        entryBits = bits
        end = start + (count * bits + 7) / 8
        self.layout = layout
        isValid = valid && end <= bytes.count
    }

    /// Field `field` (0…9, see the type's notes) of entry `k`, or nil when it lies outside `bytes` or
    /// the table's widths are damaged.
    @inline(__always)
    func entry(_ k: Int, field: Int) -> UInt32? {
        let bit = k &* entryBits &+ Int(layout[field] & 0xFF)
        // Eight bytes hold the value (at most 7 + 32 bits from its first byte); a valid table is
        // followed by its term's blocks and the body's closing parameters, so the load stays inside.
        guard isValid, k >= 0, k < count, start &+ bit &>> 3 &+ 8 <= bytes.count else { return nil }
        return value(atEntryBit: k &* entryBits, field: field)
    }

    /// The block bounds of entry `k` (fields 3…9: largest frequency and smallest length per field, the
    /// largest pseudo-frequency's bits), with one range check for the whole entry; nil as `entry`.
    @inline(__always)
    func bounds(_ k: Int) -> (maxFrequency: (UInt32, UInt32, UInt32), minLength: (UInt32, UInt32, UInt32), pseudoFrequency: UInt32)? {
        let entryBit = k &* entryBits
        // Every field starts at or before the entry's last byte, so loads from there stay inside.
        guard isValid, k >= 0, k < count, start &+ (entryBit &+ entryBits) &>> 3 &+ 8 <= bytes.count else { return nil }
        return ((value(atEntryBit: entryBit, field: 3), value(atEntryBit: entryBit, field: 4), value(atEntryBit: entryBit, field: 5)),
                (value(atEntryBit: entryBit, field: 6), value(atEntryBit: entryBit, field: 7), value(atEntryBit: entryBit, field: 8)),
                value(atEntryBit: entryBit, field: Self.pseudoFrequencyField))
    }

    /// Field `field` of the entry starting at bit `entryBit`, unchecked: the caller made sure that eight
    /// bytes from the field's first byte lie inside `bytes`.
    @inline(__always)
    private func value(atEntryBit entryBit: Int, field: Int) -> UInt32 {
        let place = Int(layout[field])
        let bit = entryBit &+ (place & 0xFF)
        let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start &+ bit &>> 3, as: UInt64.self))
        let mask: UInt64 = (UInt64(1) &<< UInt64(place &>> 8)) &- 1
        return UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & mask)
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
