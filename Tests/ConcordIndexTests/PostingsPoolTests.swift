import Testing
@testable import ConcordIndex
import ConcordTestSupport

/// `PostingsPool`: bytes written to many interleaved terms read back exactly, across slice and block
/// boundaries (slices grow from 32 bytes to 4 KiB; blocks hold 1 MiB).
@Test func interleavedTermsReadBackExactly() {
    let pool = PostingsPool()
    var rng = SeededGenerator(seed: 41)
    let termCount = 600
    var cursors = [PostingsPool.Cursor](repeating: PostingsPool.Cursor(), count: termCount)
    var expected = [[UInt8]](repeating: [], count: termCount)
    // Zipf-like: a few terms get most bytes (many slices, several blocks in all), most get a few.
    for _ in 0..<200_000 {
        let term = Int(rng.next() % UInt64(termCount - 7)) * Int(rng.next() % 4 == 0 ? 1 : 0) + Int(rng.next() % 7)
        let value = rng.next() >> (rng.next() % 64)
        pool.writeVInt(value, to: &cursors[term])
        var v = value
        while v >= 0x80 {
            expected[term].append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        expected[term].append(UInt8(v))
    }
    #expect(pool.byteCount > PostingsPool.blockSize, "several blocks in use")
    var out: [UInt8] = [9, 9]
    for term in 0..<termCount {
        pool.copyBytes(of: cursors[term], into: &out)
        #expect(out == expected[term], "term \(term): \(expected[term].count) bytes")
    }
}

/// A `Reader` reads the numbers written to each term back in place, one at a time or several at once
/// (their bytes handed over in place within a slice, gathered when they cross into the next), across
/// slice and block boundaries, and knows where each term ends.
@Test func readerReadsNumbersBackInPlaceAndAcrossSlices() {
    let pool = PostingsPool()
    var rng = SeededGenerator(seed: 43)
    let termCount = 300
    var cursors = [PostingsPool.Cursor](repeating: PostingsPool.Cursor(), count: termCount)
    var values = [[UInt64]](repeating: [], count: termCount)
    for _ in 0..<400_000 {
        let term = Int(rng.next() % UInt64(termCount - 5)) * Int(rng.next() % 4 == 0 ? 1 : 0) + Int(rng.next() % 5)
        let value = rng.next() >> (rng.next() % 64)
        pool.writeVInt(value, to: &cursors[term])
        values[term].append(value)
    }
    #expect(pool.byteCount > PostingsPool.blockSize, "several blocks in use")
    var scratch: [UInt8] = []
    var gathered = 0
    for term in 0..<termCount {
        var reader = PostingsPool.Reader(cursors[term])
        var read: [UInt64] = []
        while !reader.isAtEnd {
            let group = Int(rng.next() % 6)
            if group == 0 || read.count + group > values[term].count {
                read.append(reader.readVInt())
                continue
            }
            let inPlace = reader.contiguousCount
            reader.withNextVInts(group, scratch: &scratch) { bytes in
                if bytes.count > inPlace { gathered += 1 }
                var at = 0
                while at < bytes.count {
                    var value: UInt64 = 0, shift: UInt64 = 0
                    while true {
                        let byte = bytes[at]
                        at += 1
                        value |= UInt64(byte & 0x7F) << shift
                        if byte < 0x80 { break }
                        shift += 7
                    }
                    read.append(value)
                }
            }
        }
        #expect(read == values[term], "term \(term): \(values[term].count) numbers")
    }
    #expect(gathered > 0, "some groups crossed a slice boundary")
    var empty = PostingsPool.Reader(PostingsPool.Cursor())
    #expect(empty.isAtEnd)
    #expect(empty.withNextVInts(0, scratch: &scratch) { $0.count } == 0)
}
