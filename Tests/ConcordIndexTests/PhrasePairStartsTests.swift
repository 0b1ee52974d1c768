import Testing
@testable import ConcordIndex
import ConcordStorage

/// `SegmentPostings.pairStarts` (two words' phrase starts per field, both cursors' positions read in one
/// pass, the commoner word's left unread past the last start and skipped with the next document's
/// seek) agrees with the oracle for every field mask and offset, on documents reached by skipping
/// others, and leaves both cursors able to read any later document's positions exactly — and the same
/// document's again (found from the block's start). Long bodies give multi-byte position deltas and
/// early stops; few terms give postings of many blocks.
@Test(arguments: [UInt64(51), 52, 53])
func pairStartsAgreeWithTheOracleAndKeepTheCursorsPlace(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let docs = ManyBlockPositions.documents(&rng)
    let segment = try singleSegment(docs)
    let capacity = 4096
    let starts = UnsafeMutablePointer<Int>.allocate(capacity: 3 * capacity)
    defer { starts.deallocate() }
    var pairs = 0, earlyStops = 0, rereads = 0, laterReads = 0
    for (rareWord, commonWord) in [("rare", "x"), ("y", "x"), ("z", "rare")] {
        let rareExpected = expectedPostings(docs, term: rareWord), commonExpected = expectedPostings(docs, term: commonWord)
        var rare = try #require(try segment.postings(for: rareWord))
        var common = try #require(try segment.postings(for: commonWord))
        while try rare.next() != SegmentPostings.exhausted {
            guard try common.advance(to: rare.doc) == rare.doc else { continue }
            // Documents skipped at random, so that seeks pass over several documents' positions.
            guard rng.next() % 3 != 0 else { continue }
            let id = docs[Int(rare.doc)].id
            let want = try #require(rareExpected[id]), other = try #require(commonExpected[id])
            let fields = Int(rng.next() % 8)
            let offset = Int(rng.next() % 3), otherOffset = Int(rng.next() % 3)
            let found = try #require(try rare.pairStarts(with: &common, offset: offset, otherOffset: otherOffset, fields: fields,
                                                         into: starts, capacity: capacity))
            for field in 0..<3 {
                let count = field == 0 ? found.0 : field == 1 ? found.1 : found.2
                let present = Set(other.positions[field].map { Int($0) - otherOffset })
                let expected = fields & (1 << field) == 0 ? [] : want.positions[field].map { Int($0) - offset }.filter { present.contains($0) }
                #expect(Array(UnsafeBufferPointer(start: starts + field * capacity, count: count)) == expected,
                        "\(rareWord) \(commonWord) doc \(rare.doc) field \(field)")
                if fields & (1 << field) != 0, let last = want.positions[field].last, let final = other.positions[field].last,
                   Int(last) - offset + otherOffset < Int(final) {
                    earlyStops += 1
                }
            }
            pairs += 1
            if rng.next() % 4 == 0 {
                // The same document read again after the pair: every field, both cursors.
                for field in 0..<3 {
                    #expect(try rare.positions(inField: field) == want.positions[field], "\(rareWord) again \(rare.doc) field \(field)")
                    #expect(try common.positions(inField: field) == other.positions[field], "\(commonWord) again \(common.doc) field \(field)")
                }
                rereads += 1
            } else if rng.next() % 3 == 0, try common.next() != SegmentPostings.exhausted {
                // The commoner cursor's next document, read right after the pair (where the pair's
                // unread positions must be skipped first).
                let next = try #require(commonExpected[docs[Int(common.doc)].id])
                #expect(try (0..<3).map { try common.positions(inField: $0) } == next.positions, "\(commonWord) after, \(common.doc)")
                laterReads += 1
            }
        }
    }
    #expect(pairs > 150)
    #expect(laterReads > 30)
    #expect(earlyStops > 100, "the rarer word's last start should often lie before the commoner word's last position")
    #expect(rereads > 30)
}

/// A field whose frequency of the rarer word exceeds the buffer is refused before anything is read
/// (the caller grows the buffer and asks again), and the asked-again call answers exactly.
@Test func pairStartsRefusesATooSmallBufferWithoutMoving() throws {
    let docs = [PlainDocument(id: "a", fields: [[], ["b", "c", "b", "c", "b", "c"], ["b", "c", "c", "b", "c"]])]
    let segment = try singleSegment(docs)
    var b = try #require(try segment.postings(for: "b")), c = try #require(try segment.postings(for: "c"))
    _ = try b.next()
    _ = try c.next()
    let starts = UnsafeMutablePointer<Int>.allocate(capacity: 3 * 3)
    defer { starts.deallocate() }
    #expect(try b.pairStarts(with: &c, offset: 0, otherOffset: 1, fields: 7, into: starts, capacity: 2) == nil)
    let found = try #require(try b.pairStarts(with: &c, offset: 0, otherOffset: 1, fields: 7, into: starts, capacity: 3))
    #expect(found == (0, 3, 2))
    #expect(Array(UnsafeBufferPointer(start: starts + 3, count: 3)) == [0, 2, 4])
    #expect(Array(UnsafeBufferPointer(start: starts + 6, count: 2)) == [0, 3])
}

/// A rarer word's frequency larger than the positions file holds is damage: `pairStarts` names the
/// file instead of asking for a buffer that large (here the 128 values a run of width 0 makes of the
/// positions' first byte do not ascend), so a phrase scan never grows its buffer for a damaged frequency.
@Test func pairStartsRefusesAFrequencyThePositionsFileCannotHold() throws {
    let directory = MemoryDirectory()
    let writer = try IndexWriter(directory: directory, settings: "{}")
    try writer.addDocument(PlainDocument(id: "a", fields: [[], [], ["b", "c", "b", "c"]]).analyzed)
    try writer.commit(userData: [])
    writer.close()
    let name = try #require(try directory.listFiles().first { $0.hasSuffix(".doc") })
    var bytes = try #require(directory.contents(of: name))
    // The first term is "b": its one posting's body frequency (stored as frequency − 1), set to 127.
    let frequency = try #require(try StructuralCorruptionTests.fields(of: name, in: directory, bytes: bytes).first { $0.what == "frequency" })
    #expect(frequency.length == 1 && bytes[frequency.offset] == 1)
    bytes[frequency.offset] = 127
    refreshFooter(&bytes)
    directory.overwrite(name, with: bytes)
    let segment = try #require(try IndexReader(directory: directory).segments.first)
    var b = try #require(try segment.postings(for: "b")), c = try #require(try segment.postings(for: "c"))
    _ = try b.next()
    _ = try c.next()
    #expect(b.currentFrequencies().2 == 128)
    let starts = UnsafeMutablePointer<Int>.allocate(capacity: 3 * 4)
    defer { starts.deallocate() }
    do {
        _ = try b.pairStarts(with: &c, offset: 0, otherOffset: 1, fields: 7, into: starts, capacity: 4)
        Issue.record("a frequency of 128 in a positions file of a few bytes was not refused")
    } catch StorageError.corrupt(let file, let reason) {
        #expect(file.hasSuffix(".pos") && reason.contains("128"), "\(file): \(reason)")
    }
}
