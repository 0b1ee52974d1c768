import ConcordStorage

extension SkipTable {
    /// Appends the skip table of `entries` (`fieldCount` values per entry, in field order; frequencies
    /// and lengths at most 0xFFFF): each field's width (the bits of its largest value), then the
    /// entries bit-packed LSB first, padded to a byte.
    static func write(_ entries: [UInt32], into out: inout ByteWriter) {
        precondition(entries.count % fieldCount == 0)
        let count = entries.count / fieldCount
        guard count > 0 else { return }
        var widths = [Int](repeating: 32, count: fieldCount)
        for field in 0..<widthCount {
            var all: UInt32 = 0
            for k in 0..<count { all |= entries[k * fieldCount + field] }
            widths[field] = 32 - all.leadingZeroBitCount
            out.writeU8(UInt8(widths[field]))
        }
        var accumulator: UInt64 = 0
        var bits = 0
        for (i, value) in entries.enumerated() {
            let width = widths[i % fieldCount]
            accumulator |= UInt64(value) << UInt64(bits)
            bits += width
            while bits >= 8 {
                out.writeU8(UInt8(truncatingIfNeeded: accumulator))
                accumulator >>= 8
                bits -= 8
            }
        }
        if bits > 0 { out.writeU8(UInt8(truncatingIfNeeded: accumulator)) }
    }
}
