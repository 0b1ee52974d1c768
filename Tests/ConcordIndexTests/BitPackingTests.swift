import Testing
@testable import ConcordIndex
import ConcordStorage

@Test(arguments: Array(0...32))
func bitPackingRoundTripsEveryWidth(width: Int) throws {
    var rng = SeededGenerator(seed: UInt64(width) &+ 1)
    let limit: UInt64 = width == 0 ? 0 : (UInt64(1) << UInt64(width)) - 1
    for _ in 0..<20 {
        var values = (0..<BitPacking.blockSize).map { _ in UInt32(truncatingIfNeeded: rng.next() & limit) }
        values[rng.int(0...(BitPacking.blockSize - 1))] = UInt32(truncatingIfNeeded: limit)   // force the width
        var out = ByteWriter()
        values.withUnsafeBufferPointer { BitPacking.pack($0, into: &out) }
        #expect(out.count == 1 + BitPacking.byteCount(width: width))
        var decoded = [UInt32](repeating: 0xDEAD_BEEF, count: BitPacking.blockSize)
        try out.bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw, file: "block")
            try decoded.withUnsafeMutableBufferPointer { try BitPacking.unpack(&reader, into: $0.baseAddress!) }
            #expect(reader.isAtEnd)
        }
        #expect(decoded == values, "width \(width)")
    }
}

/// Range sums over a packed run (used to skip the positions of a block's earlier documents without
/// unpacking its frequencies) equal the sums of the unpacked values, for every width and every range;
/// `valueSum` is checked directly too (one-bit runs are otherwise summed by counting set bits).
@Test(arguments: Array(0...32))
func packedRangeSumsEqualSumsOfUnpackedValues(width: Int) throws {
    var rng = SeededGenerator(seed: 0x5EED &+ UInt64(width))
    let limit: UInt64 = width == 0 ? 0 : (UInt64(1) << UInt64(width)) - 1
    var values = (0..<BitPacking.blockSize).map { _ in UInt32(truncatingIfNeeded: rng.next() & limit) }
    values[rng.int(0...(BitPacking.blockSize - 1))] = UInt32(truncatingIfNeeded: limit)
    var out = ByteWriter()
    values.withUnsafeBufferPointer { BitPacking.pack($0, into: &out) }
    var prefix = [0]
    for v in values { prefix.append(prefix.last! + Int(v)) }
    // The run without its width byte, copied so that reading past its end would be caught by tools.
    let run = Array(out.bytes.dropFirst())
    #expect(run.count == BitPacking.byteCount(width: width))
    var mismatches = 0
    run.withUnsafeBytes { raw in
        let base = width == 0 ? nil : raw.baseAddress
        for start in 0...BitPacking.blockSize {
            for end in start...BitPacking.blockSize {
                let expected = prefix[end] - prefix[start]
                if BitPacking.sum(base, width: width, from: start, to: end) != expected { mismatches += 1 }
                if let base, width > 0 {
                    if BitPacking.valueSum(base, width: width, from: start, to: end) != expected { mismatches += 1 }
                }
            }
        }
    }
    #expect(mismatches == 0, "width \(width)")
}

/// Unpacking document gaps (stored minus one) straight into running sums equals unpacking the values
/// and summing them afterwards, for every width, and returns the exact last sum even where the 32-bit
/// outputs wrap (wide gaps after a large previous document: a damaged block the caller must reject).
@Test(arguments: Array(0...32))
func gapUnpackingEqualsUnpackingThenSumming(width: Int) throws {
    var rng = SeededGenerator(seed: 0x6A95 &+ UInt64(width))
    let limit: UInt64 = width == 0 ? 0 : (UInt64(1) << UInt64(width)) - 1
    for previous in [Int64(-1), 1_000, Int64(Int32.max) - 5] {
        var values = (0..<BitPacking.blockSize).map { _ in UInt32(truncatingIfNeeded: rng.next() & limit) }
        values[rng.int(0...(BitPacking.blockSize - 1))] = UInt32(truncatingIfNeeded: limit)
        var out = ByteWriter()
        values.withUnsafeBufferPointer { BitPacking.pack($0, into: &out) }
        try expectGapUnpacking(out.bytes, of: values, after: previous, "width \(width) after \(previous)")
    }
}

/// Unpacks `bytes` (one packed or patched run of `values`) as gaps after `previous` and checks the
/// running sums, the returned last sum, and that the reader stops exactly at the run's end.
func expectGapUnpacking(_ bytes: [UInt8], of values: [UInt32], after previous: Int64, trailing: Int = 0, _ label: String) throws {
    var expected: [UInt32] = [], sum = previous
    for v in values {
        sum += Int64(v) + 1
        expected.append(UInt32(truncatingIfNeeded: sum))
    }
    var decoded = [UInt32](repeating: 0xDEAD_BEEF, count: BitPacking.blockSize)
    // `trailing` bytes after the run, as the next run's in a file, let the decoder read exceptions
    // without a check per byte; it must still stop at the run's end.
    let padded = bytes + [UInt8](repeating: 0xFF, count: trailing)
    let last = try padded.withUnsafeBytes { raw in
        var reader = ByteReader(raw, file: "block")
        defer { #expect(reader.offset == bytes.count, "\(label)") }
        return try decoded.withUnsafeMutableBufferPointer { try BitPacking.unpackGaps(&reader, into: $0.baseAddress!, after: previous) }
    }
    #expect(decoded == expected, "\(label)")
    #expect(last == sum, "\(label)")
}
