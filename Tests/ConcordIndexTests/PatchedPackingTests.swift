import Testing
@testable import ConcordIndex
import ConcordStorage
import ConcordTestSupport

/// Patched runs of document gaps (`BitPacking.packPatched`, index format 6): round trips through
/// `unpackGaps` on random and adversarial blocks, the chosen width is the shortest, and damaged
/// exceptions give `StorageError.corrupt` naming the file.
@Suite struct PatchedPackingTests {
    /// Packs `values` patched and unpacks them as gaps after `previous`, checking the sums, the
    /// returned last sum, and that the reader stops exactly at the run's end: once with the run at the
    /// end of the bytes (exceptions read with a check per byte) and once followed by more bytes, as in
    /// a file (read without). Returns the run's size.
    @discardableResult
    static func roundTrip(_ values: [UInt32], after previous: Int64 = -1, _ label: String) throws -> Int {
        var out = ByteWriter()
        values.withUnsafeBufferPointer { BitPacking.packPatched($0, into: &out) }
        try expectGapUnpacking(out.bytes, of: values, after: previous, label)
        try expectGapUnpacking(out.bytes, of: values, after: previous, trailing: 6 * 128, label + ", bytes after the run")
        return out.count
    }

    /// The plain run's size (`BitPacking.pack`): head byte and 16 bytes per bit of the widest value.
    static func plainSize(_ values: [UInt32]) -> Int {
        values.withUnsafeBufferPointer { 1 + BitPacking.byteCount(width: BitPacking.width(of: $0)) }
    }

    /// The size of `values` patched at width `w`, counted directly from the layout.
    static func sizeAt(_ w: Int, _ values: [UInt32]) -> Int {
        let exceptions = values.filter { w < 32 && $0 >> UInt32(w) != 0 }
        guard !exceptions.isEmpty else { return 1 + 16 * w }
        var size = 1 + 16 * w + 1
        for v in exceptions {
            var high = v >> UInt32(w), bytes = 1
            while high >= 128 { high >>= 7; bytes += 1 }
            size += 1 + bytes
        }
        return size
    }

    static func adversarialBlocks() -> [(String, [UInt32])] {
        let n = BitPacking.blockSize
        var blocks: [(String, [UInt32])] = [
            ("width 0", [UInt32](repeating: 0, count: n)),
            ("all equal small", [UInt32](repeating: 5, count: n)),
            ("all equal 2^31", [UInt32](repeating: 1 << 31, count: n)),
            ("width 32 everywhere", [UInt32](repeating: .max, count: n)),
        ]
        for position in [0, 1, 63, 64, 127] {
            var outlier = [UInt32](repeating: 1, count: n)
            outlier[position] = .max
            blocks.append(("one huge outlier at \(position)", outlier))
            var zeros = [UInt32](repeating: 0, count: n)
            zeros[position] = 1 << 20
            blocks.append(("one outlier among zeros at \(position)", zeros))
        }
        var alternating = [UInt32](repeating: 0, count: n)
        for i in stride(from: 0, to: n, by: 2) { alternating[i] = 1 << 30 }
        blocks.append(("every other value wide", alternating))
        var everyException = (0..<n).map { UInt32($0) << 24 }
        everyException[0] = 1 << 31
        blocks.append(("wide values everywhere", everyException))
        return blocks
    }

    @Test func adversarialBlocksRoundTripAndNeverGrow() throws {
        for (label, values) in Self.adversarialBlocks() {
            for previous in [Int64(-1), 1_000, Int64(Int32.max) - 5] {
                let size = try Self.roundTrip(values, after: previous, label)
                #expect(size <= Self.plainSize(values), "\(label): \(size) bytes against \(Self.plainSize(values)) plain")
            }
        }
        // One outlier among small gaps costs its exception, not 128 wide values.
        var outlier = [UInt32](repeating: 3, count: BitPacking.blockSize)
        outlier[40] = 1 << 25
        #expect(try Self.roundTrip(outlier, "outlier size") == 1 + 16 * 2 + 1 + 1 + 4)
    }

    /// Random blocks of mostly small gaps with a few large ones (as rare terms' gaps look), and
    /// uniform blocks of every width: the round trip holds and the run is the shortest over all widths
    /// (or the plain run, where exceptions would save less than `BitPacking.minimumPatchSaving` bytes).
    @Test func randomBlocksRoundTripAtTheShortestWidth() throws {
        var rng = SeededGenerator(seed: 0x9A7C)
        for round in 0..<400 {
            let smallBits = rng.int(0...12), largeBits = rng.int(smallBits...32), largeChance = Double(rng.int(0...30)) / 100
            let values = (0..<BitPacking.blockSize).map { _ -> UInt32 in
                let bits = rng.chance(largeChance) ? largeBits : smallBits
                return bits == 0 ? 0 : UInt32(truncatingIfNeeded: rng.next() & ((UInt64(1) << UInt64(bits)) - 1))
            }
            let size = try Self.roundTrip(values, after: Int64(rng.int(-1...100_000)), "round \(round)")
            // The shortest width, unless exceptions save less than `minimumPatchSaving` bytes.
            let shortest = (0...32).map { Self.sizeAt($0, values) }.min()!
            let expected = Self.plainSize(values) - shortest >= BitPacking.minimumPatchSaving ? shortest : Self.plainSize(values)
            #expect(size == expected, "round \(round): \(size) bytes, expected \(expected) (shortest \(shortest))")
        }
    }

    /// Hand-made patched runs: width 2, one exception at index 5 with high part `high`.
    static func run(width: UInt8 = 2, count: UInt8 = 1, exceptions: [(UInt8, [UInt8])]) -> [UInt8] {
        var bytes: [UInt8] = [width | BitPacking.exceptionFlag] + [UInt8](repeating: 0, count: 16 * Int(width)) + [count]
        for (index, high) in exceptions { bytes += [index] + high }
        return bytes
    }

    /// What decoding `bytes` as a run of gaps throws (nil: nothing), with `trailing` bytes of `filler`
    /// after them (so that exceptions are read without a check per byte).
    static func decodeError(_ bytes: [UInt8], trailing: Int = 0, filler: UInt8 = 0xFF) -> Error? {
        var output = [UInt32](repeating: 0, count: BitPacking.blockSize)
        let padded = bytes + [UInt8](repeating: filler, count: trailing)
        do {
            _ = try padded.withUnsafeBytes { raw in
                var reader = ByteReader(raw, file: "seg1.doc")
                return try output.withUnsafeMutableBufferPointer { try BitPacking.unpackGaps(&reader, into: $0.baseAddress!, after: -1) }
            }
            return nil
        } catch { return error }
    }

    @Test func damagedExceptionsAreCorruptionNamingTheFile() throws {
        // A valid run decodes, with or without bytes after it.
        #expect(Self.decodeError(Self.run(exceptions: [(5, [1])])) == nil)
        #expect(Self.decodeError(Self.run(exceptions: [(5, [1])]), trailing: 64) == nil)
        let damaged: [(String, [UInt8])] = [
            ("no exceptions", Self.run(count: 0, exceptions: [])),
            ("index beyond the block", Self.run(exceptions: [(128, [1])])),
            ("indices out of order", Self.run(count: 2, exceptions: [(9, [1]), (4, [1])])),
            ("repeated index", Self.run(count: 2, exceptions: [(9, [1]), (9, [1])])),
            ("zero high part", Self.run(exceptions: [(5, [0])])),
            ("value past 32 bits", Self.run(exceptions: [(5, [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])])),
            ("exception at width 32", Self.run(width: 32, exceptions: [(5, [1])])),
            ("width above 32", [33 | BitPacking.exceptionFlag]),
            ("truncated exceptions", Array(Self.run(count: 3, exceptions: [(1, [1])]))),
            ("truncated varint", Self.run(exceptions: [(5, [0x80])])),
        ]
        // Each case at the end of the bytes, and followed by bytes that would read as an index beyond
        // the block (0xFF) or as varint continuations (0x80), for the unchecked reading.
        for (label, bytes) in damaged {
            for (trailing, filler) in [(0, UInt8(0)), (64, 0xFF), (64, 0x80)] {
                let error = Self.decodeError(bytes, trailing: trailing, filler: filler)
                guard case .corrupt(let file, _)? = error as? StorageError else {
                    Issue.record("\(label), \(trailing) bytes \(filler) after: \(String(describing: error))")
                    continue
                }
                #expect(file == "seg1.doc", "\(label)")
            }
        }
    }
}
