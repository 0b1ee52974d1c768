import Testing
@testable import ConcordIndex
import ConcordStorage

/// The phrase reads of a cursor — `writeStarts` (a field's positions minus an offset) and
/// `retainStarts` (which candidate starts the term completes, decoding only up to the last candidate)
/// — agree with the oracle for any field after any documents passed over, and leave the cursor able to
/// read every later document's positions exactly (an early stop must not lose its place). Long bodies
/// give multi-byte position deltas; few terms give postings of many blocks.
@Test(arguments: [UInt64(41), 42])
func phraseStartReadsAgreeWithTheOracleAfterSkippedDocuments(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let words = ManyBlockPositions.words
    let docs = ManyBlockPositions.documents(&rng)
    let segment = try singleSegment(docs)
    let buffer = UnsafeMutablePointer<Int>.allocate(capacity: 4096)
    defer { buffer.deallocate() }
    var earlyStops = 0
    for term in words {
        let expected = expectedPostings(docs, term: term)
        var cursor = try #require(try segment.postings(for: term))
        var checked = 0
        while try cursor.next() != SegmentPostings.exhausted {
            let want = try #require(expected[docs[Int(cursor.doc)].id])
            guard rng.next() % 3 != 0 else { continue }
            // Fields in ascending order, as a phrase scan reads them; some are left out.
            for field in 0..<3 where rng.next() % 3 != 0 {
                let positions = want.positions[field].map { Int($0) }
                let offset = Int(rng.next() % 3)
                switch rng.next() % 3 {
                case 0:
                    let written = try cursor.writeStarts(inField: field, offset: offset, into: buffer, capacity: 4096)
                    #expect(Array(UnsafeBufferPointer(start: buffer, count: written)) == positions.map { $0 - offset },
                            "\(term) \(cursor.doc) field \(field)")
                case 1:
                    // Candidates: some that the term completes, some that it does not, ascending, and
                    // often ending early in the field (so that decoding stops before its end).
                    let limit = positions.isEmpty ? 50 : positions[Int(rng.next() % UInt64(positions.count))] + 2
                    var candidates = Set<Int>()
                    for p in positions where p <= limit && rng.next() % 2 == 0 { candidates.insert(p - offset) }
                    for _ in 0..<Int(rng.next() % 6) { candidates.insert(Int(rng.next() % UInt64(limit + 1)) - offset) }
                    let sorted = candidates.sorted()
                    for (i, c) in sorted.enumerated() { buffer[i] = c }
                    let kept = try cursor.retainStarts(buffer, count: sorted.count, offset: offset, inField: field)
                    let present = Set(positions)
                    #expect(Array(UnsafeBufferPointer(start: buffer, count: kept)) == sorted.filter { present.contains($0 + offset) },
                            "\(term) \(cursor.doc) field \(field)")
                    if let last = sorted.last, let final = positions.last, last + offset < final { earlyStops += 1 }
                default:
                    #expect(try cursor.positions(inField: field) == want.positions[field], "\(term) \(cursor.doc) field \(field)")
                }
                checked += 1
            }
        }
        #expect(checked > 100)
    }
    #expect(earlyStops > 100, "the candidates should often end before the field's last position")
}
