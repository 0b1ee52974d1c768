import Testing
@testable import ConcordIndex
import ConcordStorage
import ConcordTestSupport

/// Bit-packed skip tables (index format 6, a position index per entry since 7): every field of every entry reads back, for random tables
/// and for fields of width 0 and of the largest widths, and damaged widths make entries unreadable
/// (nil, reported by readers as corruption) instead of reading elsewhere.
@Suite struct SkipTableTests {
    /// Writes `entries` (`SkipTable.fieldCount` values each) followed by `trailing` bytes (a valid table
    /// is always followed by its term's blocks) and reads every field back.
    static func roundTrip(_ entries: [UInt32], trailing: Int = 8, _ label: String) {
        var out = ByteWriter()
        out.writeU8(0xAB)   // the table need not start at 0
        SkipTable.write(entries, into: &out)
        let tableEnd = out.count
        for _ in 0..<trailing { out.writeU8(0xFF) }
        let count = entries.count / SkipTable.fieldCount
        out.bytes.withUnsafeBytes { raw in
            let table = SkipTable(bytes: raw, tableStart: 1, count: count)
            #expect(table.end == tableEnd, "\(label)")
            var mismatches = 0
            for k in 0..<count {
                for field in 0..<SkipTable.fieldCount where table.entry(k, field: field) != entries[k * SkipTable.fieldCount + field] {
                    mismatches += 1
                }
            }
            #expect(mismatches == 0, "\(label)")
            #expect(table.entry(count, field: 0) == nil && table.entry(-1, field: 0) == nil, "\(label)")
        }
    }

    static func entry(_ values: (UInt32, UInt32, UInt32), frequencies: UInt32, lengths: UInt32, pseudo: UInt32) -> [UInt32] {
        [values.0, values.1, values.2, frequencies, frequencies, frequencies, lengths, lengths, lengths, values.2 & 0xFFFF, pseudo]
    }

    @Test func randomTablesReadBackEveryField() {
        var rng = SeededGenerator(seed: 0x5C1B)
        for round in 0..<300 {
            let count = rng.int(1...40)
            let widths = (0..<SkipTable.widthCount).map { rng.int(0...($0 < 3 || $0 == SkipTable.positionIndexField ? 32 : 16)) }
            var entries: [UInt32] = []
            for _ in 0..<count {
                for field in 0..<SkipTable.fieldCount {
                    let width = field < SkipTable.widthCount ? widths[field] : 32
                    entries.append(width == 0 ? 0 : UInt32(truncatingIfNeeded: rng.next() & ((UInt64(1) << UInt64(width)) - 1)))
                }
            }
            Self.roundTrip(entries, "round \(round)")
        }
    }

    @Test func extremeWidthsReadBack() {
        // All zero (width 0 everywhere but the pseudo-frequency), all at their largest, and one outlier.
        Self.roundTrip(Self.entry((0, 0, 0), frequencies: 0, lengths: 0, pseudo: 0), "all zero")
        let widest = Self.entry((.max, .max, .max), frequencies: 0xFFFF, lengths: 0xFFFF, pseudo: .max)
        Self.roundTrip(widest + widest + widest, trailing: 8, "widest")
        var table: [UInt32] = []
        for k in 0..<9 { table += Self.entry((UInt32(k), 7, 7), frequencies: 1, lengths: 3, pseudo: 0x3F80_0000) }
        table += Self.entry((.max, 7, 7), frequencies: 0xFFFF, lengths: 3, pseudo: 0x3F80_0000)
        Self.roundTrip(table, "one outlier")
    }

    @Test func damagedWidthsOrTruncatedTablesReadNothing() {
        var out = ByteWriter()
        SkipTable.write(Self.entry((300, 40, 50), frequencies: 2, lengths: 9, pseudo: 0x4000_0000), into: &out)
        for _ in 0..<8 { out.writeU8(0) }
        let good = out.bytes
        var cases: [(String, [UInt8])] = []
        var wideDocument = good; wideDocument[0] = 33
        cases.append(("document width 33", wideDocument))
        var wideFrequency = good; wideFrequency[3] = 17
        cases.append(("frequency width 17", wideFrequency))
        cases.append(("table cut inside its widths", Array(good.prefix(5))))
        cases.append(("entries past the end", Array(good.prefix(SkipTable.widthCount + 2))))
        for (label, bytes) in cases {
            bytes.withUnsafeBytes { raw in
                let table = SkipTable(bytes: raw, tableStart: 0, count: 1)
                #expect((0..<SkipTable.fieldCount).allSatisfy { table.entry(0, field: $0) == nil }, "\(label)")
            }
        }
        good.withUnsafeBytes { raw in
            #expect(SkipTable(bytes: raw, tableStart: 0, count: 1).entry(0, field: 0) == 300)
        }
    }
}
