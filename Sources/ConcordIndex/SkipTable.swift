/// The skip table of one term's postings in the `.doc` body (index format 7): ten width bytes, then
/// one bit-packed entry per block (see FORMAT.md), read in place. A plain value, cheap to copy.
///
/// Entry fields, in order: 0 last document, 1 block offset, 2 position run offset, 3–5 largest
/// frequency per field, 6–8 smallest field length per field, 9 the index of the block's first position
/// value among the term's, each of its width for the whole table, and 10 the largest pseudo-frequency
/// (an `f32` bit pattern, always 32 bits). Damaged widths (an offset, document or value index wider
/// than 32 bits, a frequency or length wider than 16) make every entry unreadable: `entry` answers
/// nil, which readers report as corruption of the file.
struct SkipTable {
    /// Fields per entry, and how many of them have a width byte.
    static let fieldCount = 11
    static let widthCount = 10
    static let positionIndexField = 9
    static let pseudoFrequencyField = 10

    let bytes: UnsafeRawBufferPointer
    /// Where the packed entries start in `bytes` (after the width bytes).
    let start: Int
    /// How many entries there are (0 for postings of a single block).
    let count: Int
    /// Bits per entry.
    private let entryBits: Int
    /// Bit offsets of fields 1…8 within an entry, a byte each (field 0 starts at 0, field 9 where field
    /// 8 ends, field 10 at `entryBits - 32`), and the widths of fields 0…9, six bits each (field 10 takes 32).
    private let offsets: UInt64
    private let widths: UInt64
    /// The last byte offset an 8-byte load may start at, and how many entries can be read: `count`, or
    /// 0 when the table's widths are damaged or it does not fit in `bytes`.
    private let loadLimit: Int
    private let readableCount: Int

    /// Where the table ends (the term's first block starts).
    var end: Int { start &+ (count &* entryBits &+ 7) / 8 }

    /// The table of `count` entries at `tableStart` in `bytes` (none when `count` is 0).
    init(bytes: UnsafeRawBufferPointer, tableStart: Int, count: Int) {
        self.bytes = bytes
        self.count = count
        guard count > 0 else {
            (start, entryBits, offsets, widths, loadLimit, readableCount) = (tableStart, 0, 0, 0, -1, 0)
            return
        }
        var valid = tableStart >= 0 && tableStart <= bytes.count - Self.widthCount
        var bits = 0, offsets: UInt64 = 0, widths: UInt64 = 0
        for field in 0..<Self.widthCount {
            let width = valid ? Int(bytes[tableStart + field]) : 0
            if width > (field < 3 || field == Self.positionIndexField ? 32 : 16) { valid = false }
            if field > 0 && field < Self.positionIndexField { offsets |= UInt64(bits & 0xFF) << UInt64(8 * (field - 1)) }
            widths |= UInt64(width & 0x3F) << UInt64(6 * field)
            bits += width
        }
        start = tableStart + Self.widthCount
        entryBits = bits + 32
        self.offsets = offsets
        self.widths = widths
        let end = start + (count * entryBits + 7) / 8
        valid = valid && end <= bytes.count
        loadLimit = valid ? bytes.count - 8 : -1
        readableCount = valid ? count : 0
    }

    /// Bit offset and width of `field` within an entry.
    @inline(__always)
    private func place(_ field: Int) -> (offset: Int, width: Int) {
        if field == Self.pseudoFrequencyField { return (entryBits &- 32, 32) }
        if field == Self.positionIndexField {
            let width = Int(truncatingIfNeeded: (widths &>> UInt64(6 &* field)) & 0x3F)
            return (entryBits &- 32 &- width, width)
        }
        let offset = field == 0 ? 0 : Int(truncatingIfNeeded: (offsets &>> UInt64(8 &* (field &- 1))) & 0xFF)
        return (offset, Int(truncatingIfNeeded: (widths &>> UInt64(6 &* field)) & 0x3F))
    }

    /// Field `field` (0…10, see the type's notes) of entry `k`, or nil when it lies outside `bytes` or
    /// the table's widths are damaged.
    @inline(__always)
    func entry(_ k: Int, field: Int) -> UInt32? {
        let entryBit = k &* entryBits
        // Eight bytes hold the value (at most 7 + 32 bits from its first byte); `loadLimit` keeps the
        // load inside the body (a valid table is followed by its term's blocks, far more than 8 bytes).
        guard UInt(bitPattern: k) < UInt(bitPattern: readableCount), start &+ (entryBit &+ place(field).offset) &>> 3 <= loadLimit else { return nil }
        return value(atEntryBit: entryBit, field: field)
    }

    /// The block bounds of entry `k` (fields 3…8 and 10: largest frequency and smallest length per field, the
    /// largest pseudo-frequency's bits), with one range check for the whole entry; nil as `entry`.
    @inline(__always)
    func bounds(_ k: Int) -> (maxFrequency: (UInt32, UInt32, UInt32), minLength: (UInt32, UInt32, UInt32), pseudoFrequency: UInt32)? {
        let entryBit = k &* entryBits
        // Every field starts at or before the entry's last byte, so loads from there stay inside.
        guard UInt(bitPattern: k) < UInt(bitPattern: readableCount), start &+ (entryBit &+ entryBits) &>> 3 <= loadLimit else { return nil }
        return ((value(atEntryBit: entryBit, field: 3), value(atEntryBit: entryBit, field: 4), value(atEntryBit: entryBit, field: 5)),
                (value(atEntryBit: entryBit, field: 6), value(atEntryBit: entryBit, field: 7), value(atEntryBit: entryBit, field: 8)),
                value(atEntryBit: entryBit, field: Self.pseudoFrequencyField))
    }

    /// Field `field` of the entry starting at bit `entryBit`, unchecked: the caller made sure that eight
    /// bytes from the field's first byte lie inside `bytes`.
    @inline(__always)
    private func value(atEntryBit entryBit: Int, field: Int) -> UInt32 {
        let (offset, width) = place(field)
        let bit = entryBit &+ offset
        let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: start &+ bit &>> 3, as: UInt64.self))
        let mask: UInt64 = (UInt64(1) &<< UInt64(width)) &- 1
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
