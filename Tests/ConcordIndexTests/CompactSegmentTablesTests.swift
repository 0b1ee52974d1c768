import Testing
@testable import ConcordIndex
import ConcordStorage
import ConcordTestSupport

/// The bit-packed tables of index format 7: the stored-fields chunk index (`StoredChunkIndex`) and the
/// document table's field lengths. Both round-trip exactly at every width, are found by direct lookup,
/// and damage reads as nil or an error naming the file, never a read outside them.
@Suite struct CompactSegmentTablesTests {
    /// Ascending entries: chunk sizes from a few bytes to past 4 GiB (offsets wider than 32 bits), and
    /// documents per chunk from 1 to a few thousand.
    static func entries(count: Int, seed: UInt64) -> [(doc: UInt32, offset: UInt64)] {
        var rng = SeededGenerator(seed: seed)
        var doc: UInt32 = 0, offset: UInt64 = 0
        var entries: [(doc: UInt32, offset: UInt64)] = []
        for _ in 0..<count {
            entries.append((doc, offset))
            doc += UInt32(rng.chance(0.05) ? rng.int(1...5000) : rng.int(1...9))
            offset += UInt64(rng.chance(0.01) ? rng.int(1...(5 << 30)) : rng.int(20...3000))
        }
        return entries
    }

    /// `entries` written as a chunk index, followed by 16 bytes (as the `.sto` trailer follows it).
    static func written(_ entries: [(doc: UInt32, offset: UInt64)], prefix: Int = 5) -> [UInt8] {
        var out = ByteWriter()
        for _ in 0..<prefix { out.writeU8(0xEE) }
        StoredChunkIndex.write(entries, into: &out)
        for _ in 0..<16 { out.writeU8(0xDD) }
        return out.bytes
    }

    @Test func chunkIndexRoundTripsAndFindsEveryDocumentsChunk() throws {
        for (count, seed) in [(1, 1), (2, 2), (63, 3), (64, 4), (65, 5), (129, 6), (1000, 7)] as [(Int, UInt64)] {
            let entries = Self.entries(count: count, seed: seed)
            let bytes = Self.written(entries)
            try bytes.withUnsafeBytes { body in
                let index = try StoredChunkIndex(body: body, start: 5, end: body.count - 16, entryCount: count, file: "s.sto")
                try index.verifyLayout(file: "s.sto")
                for (i, entry) in entries.enumerated() {
                    let read = try #require(index.entry(i))
                    #expect(read.doc == Int(entry.doc) && read.offset == entry.offset, "entry \(i) of \(count)")
                }
                #expect(index.entry(count) == nil && index.entry(-1) == nil)
                // Every document of every chunk (the last entry closes the chunks) finds its chunk.
                for chunk in 0..<max(count - 1, 0) {
                    for doc in [Int(entries[chunk].doc), Int(entries[chunk + 1].doc) - 1] {
                        #expect(index.chunk(holding: doc) == chunk, "document \(doc) of \(count) entries")
                    }
                }
            }
        }
    }

    /// A chunk costs about 3 bytes in the index (12 before format 7) on chunks like the Debian corpus's.
    @Test func chunkIndexIsCompact() {
        var entries: [(doc: UInt32, offset: UInt64)] = []
        for k in 0..<10_000 { entries.append((UInt32(k * 5 + k % 3), UInt64(k * 900 + (k * 37) % 400))) }
        let bytes = Self.written(entries, prefix: 0).count - 16
        #expect(bytes < 4 * entries.count, "\(bytes) bytes for \(entries.count) entries")
    }

    /// Damage to a block's layout (where its packed entries start, its widths) always fails `verifyLayout`
    /// naming the file; damage to values (header bases, packed entries) is left to the readers' order
    /// checks and chunk verification. Lookups on any damage stay inside the index.
    @Test func damagedChunkIndexFailsLayoutVerificationOrChangesOnlyValues() throws {
        let entries = Self.entries(count: 150, seed: 9)
        let original = Self.written(entries)
        var rng = SeededGenerator(seed: 10)
        for trial in 0..<400 {
            var bytes = original
            let layout = trial % 2 == 0
            let block = rng.int(0...2)
            // Layout: packedStart (bytes 12…15 of a header) or a width (16, 17); else any byte of the index.
            let at = 5 + (layout ? block * StoredChunkIndex.headerSize + rng.int(12...17) : rng.int(0...(original.count - 22)))
            bytes[at] ^= rng.pick([0x01, 0x10, 0x80, 0xFF] as [UInt8])
            try bytes.withUnsafeBytes { body in
                let index = try StoredChunkIndex(body: body, start: 5, end: body.count - 16, entryCount: entries.count, file: "s.sto")
                for i in 0..<entries.count { _ = index.entry(i) }
                for _ in 0..<50 { _ = index.chunk(holding: rng.int(-1...Int(entries.last!.doc) + 1)) }
                do {
                    try index.verifyLayout(file: "s.sto")
                    #expect(!layout, "damage to block \(block)'s layout at byte \(at) passed verification")
                } catch let error as StorageError {
                    #expect("\(error)".contains("s.sto"))
                }
            }
        }
        // An index that cannot hold its block headers is refused.
        try original.withUnsafeBytes { body in
            #expect(throws: StorageError.self) {
                _ = try StoredChunkIndex(body: body, start: 5, end: 5 + 20, entryCount: 150, file: "s.sto")
            }
        }
    }

    /// Field lengths at every width from 0 (all empty) to 32 bits read back exactly, one at a time and a
    /// document's three together (one load up to 57 bits of them, one per field beyond), for table sizes
    /// around a byte boundary and across the writer's slices.
    @Test func documentTableLengthsRoundTripAtEveryWidth() throws {
        var rng = SeededGenerator(seed: 21)
        for (maxDoc, widths) in [(1, [0, 1, 32]), (7, [3, 5, 7]), (9, [0, 17, 31]), (300, [6, 9, 14]), (140_000, [1, 12, 20]),
                                 (33, [19, 19, 19]), (65, [20, 20, 18]), (1_000, [32, 32, 32]), (17, [0, 0, 0])] {
            let directory = MemoryDirectory()
            let identity = FileIdentity(high: 3, low: 4)
            var lengths: [UInt32] = []
            var idBytes: [UInt8] = []
            var idEnds: [UInt32] = []
            for doc in 0..<maxDoc {
                for width in widths {
                    let largest = width == 0 ? 0 : UInt32(truncatingIfNeeded: (UInt64(1) << UInt64(width)) - 1)
                    // The largest value once, so the width is exactly this.
                    lengths.append(doc == maxDoc / 2 ? largest : UInt32(truncatingIfNeeded: rng.next()) & largest)
                }
                idBytes += Array("doc-\(doc)".utf8)
                idEnds.append(UInt32(idBytes.count))
            }
            let hashes = (0..<maxDoc).map { UInt64($0) &* 0x9E37_79B9_7F4A_7C15 }
            _ = try DocumentTable.write(directory: directory, name: "t.dtb", identity: identity, idBytes: idBytes, idEnds: idEnds,
                                        hashes: hashes, interleavedLengths: lengths)
            let table = try DocumentTable(directory: directory, name: "t.dtb", expectedDocuments: maxDoc, identity: identity, verifyChecksum: true)
            #expect(table.lengthColumns.map(\.width) == widths)
            var mismatches = 0, tripleMismatches = 0
            for doc in 0..<maxDoc {
                for f in 0..<3 where table.length(doc, field: f) != lengths[doc * 3 + f] { mismatches += 1 }
                let triple = table.lengths(doc)
                if [triple.0, triple.1, triple.2] != Array(lengths[(doc * 3)..<(doc * 3 + 3)]) { tripleMismatches += 1 }
            }
            #expect(mismatches == 0, "\(mismatches) wrong lengths of \(maxDoc) documents, widths \(widths)")
            #expect(tripleMismatches == 0, "\(tripleMismatches) wrong triples of \(maxDoc) documents, widths \(widths)")
            #expect(table.contentHash(maxDoc - 1) == hashes[maxDoc - 1])
            #expect(try table.id(maxDoc - 1) == "doc-\(maxDoc - 1)")
            // A document's lengths take the sum of the widths in bits, not whole bytes (plus 8 bytes of padding).
            let bytes = try #require(directory.contents(of: "t.dtb")).count
            let packed = (widths.reduce(0, +) * maxDoc + 7) / 8
            #expect(bytes - packed - 8 * maxDoc - idBytes.count < 200 + 8 * (DocumentTable.idBlockCount(maxDoc) + 1) + 2 * maxDoc)
        }
    }

    @Test func aDocumentTableWithAWidthOver32BitsIsRefusedNamingTheFile() throws {
        let directory = MemoryDirectory()
        let identity = FileIdentity(high: 3, low: 4)
        _ = try DocumentTable.write(directory: directory, name: "t.dtb", identity: identity, idBytes: Array("ab".utf8), idEnds: [1, 2],
                                    hashes: [1, 2], interleavedLengths: [1, 2, 3, 4, 5, 6])
        var bytes = try #require(directory.contents(of: "t.dtb"))
        let width = try #require(try FileFieldMap.fields(of: "t.dtb", bytes: bytes).first { $0.what == "length width" })
        for value: UInt8 in [33, 0xFF] {
            bytes[width.offset] = value
            refreshFooter(&bytes)
            directory.overwrite("t.dtb", with: bytes)
            #expect {
                _ = try DocumentTable(directory: directory, name: "t.dtb", expectedDocuments: 2, identity: identity, verifyChecksum: true)
            } throws: { error in
                (error as? StorageError).map { "\($0)".contains("t.dtb") } ?? false
            }
        }
    }

    /// A term entry's prefix and suffix lengths share one byte when the prefix is under 16 bytes and the
    /// suffix under 7; longer suffixes add a varint. Terms of every suffix length read back in order,
    /// and a head whose suffix runs past the blocks is an error naming the file.
    @Test func termEntryHeadsRoundTripAndTakeOneByteWhenShort() throws {
        var terms: [[UInt8]] = []
        for k in 0..<600 { terms.append(Array("w\(String(k, radix: 7))".utf8) + Array(repeating: UInt8(0x61), count: k % 23)) }
        terms = Array(Set(terms)).sorted { $0.lexicographicallyPrecedes($1) }
        let directory = MemoryDirectory()
        let identity = try TermDictionaryLookupTests.write(terms, to: directory)
        let dictionary = try TermDictionary(directory: directory, name: "t.tdi", identity: identity, verifyChecksum: true)
        var iterator = try dictionary.makeIterator()
        var term: [UInt8] = []
        var read: [[UInt8]] = []
        while try iterator.next(into: &term) != nil { read.append(term) }
        #expect(read == terms)
        for (i, t) in terms.enumerated() { #expect(try t.withUnsafeBytes { try dictionary.lookup($0) } == TermDictionaryLookupTests.info(i)) }
        var heads = ByteWriter()
        TermDictionaryWriter.writeHead(prefix: 15, suffixLength: 6, into: &heads)
        #expect(heads.count == 1)
        TermDictionaryWriter.writeHead(prefix: 3, suffixLength: 7, into: &heads)
        #expect(heads.count == 3)
        // A head claiming a suffix longer than what is left.
        var head = ByteWriter()
        TermDictionaryWriter.writeHead(prefix: 0, suffixLength: 40, into: &head)
        try (head.bytes + Array(repeating: 0x62, count: 10)).withUnsafeBytes { raw in
            var reader = ByteReader(raw, file: "t.tdi")
            #expect(throws: StorageError.self) { _ = try TermDictionary.readHead(&reader, maxPrefix: 0) }
            var cursor = TermEntryCursor(base: raw.baseAddress!, offset: 0, end: raw.count)
            #expect(cursor.readHead(maxPrefix: 0).prefix == -1)
        }
    }
}
