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
