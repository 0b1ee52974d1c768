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
