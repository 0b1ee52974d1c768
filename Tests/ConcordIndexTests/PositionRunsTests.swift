import Testing
@testable import ConcordIndex
import ConcordStorage
import ConcordTestSupport

/// Position runs (index format 7): a term's position values written by `PositionRunWriter` read back
/// exactly through `PositionRuns.walk` from any value, whatever the widths (0 to 30 bits, a few huge
/// values among small ones, which become exceptions), for counts around the run size (127, 128, 129,
/// …); damaged runs throw naming the file; and through whole indexes, terms whose position values
/// number exactly 127, 128 or 129 (one block) or cross many runs read back as written.
@Suite struct PositionRunsTests {
    /// Writes `values` as one term's positions (with the count first when `withCount`) after a few
    /// unrelated bytes, and returns the body and a prepared reading state.
    static func written(_ values: [UInt32], withCount: Bool) -> ([UInt8], PositionRunState) {
        var writer = PositionRunWriter()
        for v in values { writer.append(v) }
        var out = ByteWriter()
        out.writeBytes([0xAB, 0xCD, 0xEF])
        let start = out.count
        #expect(writer.byteCount(withCount: withCount) == { var copy = writer; var o = ByteWriter(); copy.finish(withCount: withCount, into: &o); return o.count }())
        writer.finish(withCount: withCount, into: &out)
        var state = PositionRunState()
        state.prepared = true
        state.valueCount = values.count
        var reader = ByteReader(UnsafeRawBufferPointer(start: nil, count: 0), file: "x")
        if withCount {
            out.bytes.withUnsafeBytes { raw in
                reader = ByteReader(raw, file: "x")
                reader.offset = start
                #expect((try? reader.readVInt()) == UInt64(values.count))
            }
            state.runsStart = reader.offset
        } else {
            state.runsStart = start
        }
        return (out.bytes, state)
    }

    /// Reads `count` values one at a time (each as a field of one position, so each value is the
    /// position) starting at value `first`.
    static func read(_ bytes: [UInt8], _ initial: PositionRunState, from first: Int, count: Int) throws -> [UInt32] {
        let state = UnsafeMutablePointer<PositionRunState>.allocate(capacity: 1)
        state.initialize(to: initial)
        let values = UnsafeMutablePointer<UInt32>.allocate(capacity: BitPacking.blockSize)
        defer { state.deallocate(); values.deallocate() }
        return try bytes.withUnsafeBytes { raw in
            var out: [UInt32] = []
            var at = first
            for _ in 0..<count {
                _ = try PositionRuns.walk(1, from: &at, state: state, values: values, body: raw, file: "t.pos") { _, p in
                    out.append(UInt32(p))
                    return true
                }
            }
            return out
        }
    }

    /// Random values of random widths, some runs with a few huge values among small ones.
    static func values(_ count: Int, _ rng: inout SeededGenerator) -> [UInt32] {
        let width = rng.int(0...30)
        let outliers = rng.chance(0.5)
        return (0..<count).map { _ in
            let w = outliers && rng.chance(0.03) ? 30 : width
            return w == 0 ? 0 : UInt32(truncatingIfNeeded: rng.next()) & ((1 << UInt32(w)) - 1)
        }
    }

    @Test(arguments: [1, 2, 127, 128, 129, 255, 256, 257, 1000])
    func valuesReadBackFromEveryStart(count: Int) throws {
        var rng = SeededGenerator(seed: UInt64(count) &* 7919)
        for round in 0..<6 {
            let values = Self.values(count, &rng)
            for withCount in [false, true] {
                let (bytes, state) = Self.written(values, withCount: withCount)
                #expect(try Self.read(bytes, state, from: 0, count: count) == values, "round \(round)")
                // From a few starts, as a reader seeded at a later run would (walking from run 0).
                for first in Set([count - 1, count / 2, min(128, count - 1), rng.int(0...(count - 1))]) {
                    #expect(try Self.read(bytes, state, from: first, count: count - first) == Array(values[first...]), "round \(round) from \(first)")
                }
            }
        }
    }

    @Test func theLargestPositionReadsBackAndOneMoreThrows() throws {
        let largest = UInt32(SegmentPostings.positionLimit - 1)
        for count in [127, 128, 129] {
            var values = [UInt32](repeating: 3, count: count)
            values[count / 2] = largest
            values[count - 1] = largest
            let (bytes, state) = Self.written(values, withCount: true)
            #expect(try Self.read(bytes, state, from: 0, count: count) == values)
            values[count - 1] = largest + 1
            let (tooLarge, tooLargeState) = Self.written(values, withCount: true)
            #expect(throws: StorageError.self) { _ = try Self.read(tooLarge, tooLargeState, from: count - 1, count: 1) }
        }
    }

    @Test func deltasSumWithinAFieldAndPastTheCountThrow() throws {
        let values: [UInt32] = (0..<300).map { $0 % 7 == 0 ? 5 : 1 }
        let (bytes, initial) = Self.written(values, withCount: false)
        let state = UnsafeMutablePointer<PositionRunState>.allocate(capacity: 1)
        state.initialize(to: initial)
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: BitPacking.blockSize)
        defer { state.deallocate(); buffer.deallocate() }
        try bytes.withUnsafeBytes { raw in
            // One field of 200 positions starting at value 50, crossing a run boundary.
            var at = 50
            var positions: [Int32] = []
            _ = try PositionRuns.walk(200, from: &at, state: state, values: buffer, body: raw, file: "t.pos") { _, p in
                positions.append(p)
                return true
            }
            var sum: Int32 = 0
            #expect(positions == values[50..<250].map { sum += Int32($0); return sum })
            #expect(at == 250)
            var past = 250
            #expect(throws: StorageError.self) {
                _ = try PositionRuns.walk(51, from: &past, state: state, values: buffer, body: raw, file: "t.pos") { _, _ in true }
            }
        }
    }

    /// The last values as VInts: a five-byte varint beyond the position limit (whose high bits a
    /// 32-bit value would drop) and one of six bytes throw, read in bulk or near the file's end.
    @Test func outOfRangeOrOverlongLastValuesThrow() throws {
        var state = PositionRunState()
        (state.prepared, state.runsStart, state.valueCount) = (true, 0, 1)
        let largest: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0x03]   // 2^30 - 1
        #expect(try Self.read(largest, state, from: 0, count: 1) == [UInt32(SegmentPostings.positionLimit - 1)])
        #expect(try Self.read(largest + [0, 0, 0], state, from: 0, count: 1) == [UInt32(SegmentPostings.positionLimit - 1)])
        for bytes: [UInt8] in [[0x80, 0x80, 0x80, 0x80, 0x04], [0xFF, 0xFF, 0xFF, 0xFF, 0x1F], [0x81, 0x80, 0x80, 0x80, 0x80, 0x00]] {
            for trailing in [0, 8] {
                #expect(throws: StorageError.self) { _ = try Self.read(bytes + Array(repeating: 0, count: trailing), state, from: 0, count: 1) }
            }
        }
    }

    /// A patched run's exceptions, read in bulk (six bytes per exception ahead) or checked byte by byte
    /// near the end of the file, give the same values and the same errors; skipping finds the same end.
    @Test func patchedRunExceptionsReadAndSkipAlikeInBulkOrNearTheEnd() throws {
        func run(_ exceptions: [(UInt8, [UInt8])]) -> [UInt8] {
            var bytes: [UInt8] = [BitPacking.exceptionFlag | 2] + Array(repeating: 0b1110_0100, count: 32) + [UInt8(exceptions.count)]
            for (index, high) in exceptions { bytes += [index] + high }
            return bytes
        }
        func read(_ bytes: [UInt8]) throws -> ([UInt32], Int, Int) {
            try bytes.withUnsafeBytes { raw in
                let output = UnsafeMutablePointer<UInt32>.allocate(capacity: BitPacking.blockSize)
                defer { output.deallocate() }
                var reader = ByteReader(raw, file: "t.pos"), skipper = ByteReader(raw, file: "t.pos")
                try BitPacking.unpackPatched(&reader, into: output)
                try BitPacking.skipPatched(&skipper)
                return (Array(UnsafeBufferPointer(start: output, count: BitPacking.blockSize)), reader.offset, skipper.offset)
            }
        }
        let good = run([(1, [0x05]), (7, [0x81, 0x01]), (127, [0xFF, 0xFF, 0xFF, 0x3F])])
        var expected = (0..<128).map { UInt32($0 % 4) }
        expected[1] |= 5 << 2
        expected[7] |= 129 << 2
        expected[127] |= ((1 << 27) - 1) << 2
        for trailing in [0, 20] {
            let (values, end, skipped) = try read(good + Array(repeating: 0x80, count: trailing))
            #expect(values == expected && end == good.count && skipped == good.count, "trailing \(trailing)")
        }
        let damaged: [(String, [UInt8])] = [
            ("indices out of order", run([(7, [0x01]), (3, [0x01])])),
            ("zero high part", run([(3, [0x00])])),
            ("value past 32 bits", run([(3, [0xFF, 0xFF, 0xFF, 0xFF, 0x07])])),
            ("varint of six bytes", run([(3, [0x81, 0x80, 0x80, 0x80, 0x80, 0x00])])),
        ]
        for (label, bytes) in damaged {
            for trailing in [0, 20] {
                #expect(throws: StorageError.self, "\(label), trailing \(trailing)") {
                    _ = try read(bytes + Array(repeating: 0, count: trailing))
                }
            }
        }
    }

    @Test func damagedRunsThrowNamingTheFile() throws {
        let values: [UInt32] = (0..<300).map { UInt32($0 % 50) }
        let (good, state) = Self.written(values, withCount: false)
        var cases: [(String, [UInt8])] = []
        var wide = good; wide[state.runsStart] = 33
        cases.append(("width 33", wide))
        var patchedWithout = good; patchedWithout[state.runsStart] |= 0x80
        cases.append(("exceptions flagged, none there", patchedWithout))
        cases.append(("cut inside the second run", Array(good.prefix(state.runsStart + 130))))
        cases.append(("cut inside the last values", Array(good.prefix(good.count - 2))))
        for (label, bytes) in cases {
            do {
                let read = try Self.read(bytes, state, from: 0, count: values.count)
                // A flag turned on may still decode (its count byte read from the next values), never as the same values.
                #expect(read != values, "\(label)")
            } catch StorageError.corrupt(let file, _) {
                #expect(file == "t.pos", "\(label)")
            }
        }
    }

    /// A reader goes straight to a block's positions through its skip entry: with the term's first run
    /// damaged (a width of 33), the positions of a document in its third block still read back as
    /// written, while those of its first document throw naming the `.pos` file.
    @Test func aLaterBlocksPositionsAreReadWithoutTheRunsBeforeIt() throws {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        for doc in 0..<400 {
            try writer.addDocument(PlainDocument(id: "d\(doc)", fields: [[], [], ["x", "y", "x", "y", "x"]]).analyzed)
        }
        try writer.commit(userData: [])
        writer.close()
        let segment = try #require(try IndexReader(directory: directory).segments.first)
        let start = try #require(try segment.postings(for: "x")).positionsStart
        let name = segment.positionsFileName
        var bytes = try #require(directory.contents(of: name))
        let bodyStart = bytes.count - segment.positionsByteCount - FramedFile.footerSize
        // The value count (1,200: two varint bytes), then the first run's width byte.
        #expect(bytes[bodyStart + start] & 0x80 != 0 && bytes[bodyStart + start + 1] < 0x80)
        bytes[bodyStart + start + 2] = 33
        refreshFooter(&bytes)
        directory.overwrite(name, with: bytes)
        let damaged = try #require(try IndexReader(directory: directory).segments.first)
        var late = try #require(try damaged.postings(for: "x"))
        #expect(try late.advance(to: 300) == 300)
        #expect(try late.positions(inField: 2) == [0, 2, 4])
        var early = try #require(try damaged.postings(for: "x"))
        _ = try early.next()
        do {
            _ = try early.positions(inField: 2)
            Issue.record("the damaged first run was read without an error")
        } catch StorageError.corrupt(let file, _) {
            #expect(file == name)
        }
    }

    /// Single-block terms whose values number 127, 128 and 129 (a body of repeated words), a term of
    /// many blocks crossing runs, all read back as written after `advance(to:)` skips, and pass check.
    @Test func termsAroundTheRunSizeReadBackThroughAnIndex() throws {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        var expected: [String: [Int: [Int32]]] = [:]
        var rng = SeededGenerator(seed: 128)
        for doc in 0..<300 {
            var body: [String] = []
            if doc == 0 { body += Array(repeating: "a127", count: 127) + Array(repeating: "a128", count: 128) + Array(repeating: "a129", count: 129) }
            for _ in 0..<rng.int(1...40) { body.append(rng.chance(0.3) ? "common" : "w\(rng.int(0...30))") }
            for (p, word) in body.enumerated() { expected[word, default: [:]][doc, default: []].append(Int32(p)) }
            try writer.addDocument(PlainDocument(id: "d\(doc)", fields: [[], [], body]).analyzed)
        }
        try writer.commit(userData: [])
        writer.close()
        #expect(IndexChecker(directory: directory).check().isHealthy)
        let segment = try #require(try IndexReader(directory: directory).segments.first)
        for word in ["a127", "a128", "a129", "common", "w3"] {
            var cursor = try #require(try segment.postings(for: word))
            let docs = try #require(expected[word]).keys.sorted()
            var target: Int32 = 0
            while try cursor.advance(to: target) != SegmentPostings.exhausted {
                #expect(try cursor.positions(inField: 2) == expected[word]?[Int(cursor.doc)], "\(word) in \(cursor.doc)")
                #expect(docs.contains(Int(cursor.doc)))
                target = cursor.doc + Int32(rng.int(1...3))
            }
        }
    }
}
