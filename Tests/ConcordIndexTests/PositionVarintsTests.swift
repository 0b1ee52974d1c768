import Testing
@testable import ConcordIndex
import ConcordStorage

/// `PositionVarints.walk` decodes runs of one-byte deltas eight at a time: on random runs mixing one-byte
/// and longer deltas it hands out exactly the positions a plain varint decoder finds, stops where the
/// visitor says with the offset just past the last varint it decoded, and still rejects positions at or
/// past `SegmentPostings.positionLimit` inside such a run.
struct PositionVarintsTests {
    private static func encode(_ deltas: [UInt64]) -> [UInt8] {
        var bytes: [UInt8] = []
        for var value in deltas {
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }
        return bytes
    }

    /// The varint lengths of `deltas`, for the offset after the first `n`.
    private static func byteCount(_ deltas: ArraySlice<UInt64>) -> Int { encode(Array(deltas)).count }

    @Test(arguments: [UInt64(3), 4, 5])
    func walkAgreesWithAPlainDecoderAndStopsInPlace(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let count = Int(rng.next() % 60)
            // Mostly one-byte deltas (runs of eight and more), sometimes two- or three-byte ones.
            let deltas: [UInt64] = (0..<count).map { _ in
                switch rng.next() % 10 {
                case 0: return 128 + rng.next() % 5000
                case 1: return 20000 + rng.next() % 100_000
                default: return rng.next() % 128
                }
            }
            var expected: [Int32] = []
            var p: UInt64 = 0
            for d in deltas {
                p += d
                expected.append(Int32(p))
            }
            // Trailing bytes of another run, and sometimes none (the per-byte tail path near the end).
            let padding = rng.next() % 2 == 0 ? 0 : Int(rng.next() % 300)
            let lead = Int(rng.next() % 4)
            let bytes = [UInt8](repeating: 0x7F, count: lead) + Self.encode(deltas) + [UInt8](repeating: 1, count: padding)
            let stopAt = count == 0 || rng.next() % 2 == 0 ? Int.max : Int(rng.next() % UInt64(count))
            var seen: [Int32] = []
            var at = lead
            let decoded = try bytes.withUnsafeBytes { body in
                try PositionVarints.walk(count, from: &at, in: body, file: "t.pos") { i, position in
                    #expect(i == seen.count)
                    seen.append(position)
                    return i != stopAt
                }
            }
            let wanted = min(count, stopAt == Int.max ? count : stopAt + 1)
            #expect(decoded == wanted)
            #expect(seen == Array(expected.prefix(wanted)))
            #expect(at == lead + Self.byteCount(deltas.prefix(wanted)))
        }
    }

    @Test
    func positionsPastTheLimitInsideARunOfOneByteDeltasThrow() throws {
        let limit = SegmentPostings.positionLimit
        // A first position just under the limit, then one-byte deltas that cross it.
        let deltas: [UInt64] = [limit - 20] + [UInt64](repeating: 3, count: 16)
        let bytes = Self.encode(deltas) + [UInt8](repeating: 0, count: 100)
        var visited = 0
        var at = 0
        #expect(throws: StorageError.self) {
            try bytes.withUnsafeBytes { body in
                _ = try PositionVarints.walk(deltas.count, from: &at, in: body, file: "t.pos") { _, _ in
                    visited += 1
                    return true
                }
            }
        }
        // Every position below the limit was handed out before the error.
        #expect(visited == 1 + 19 / 3)
    }
}
