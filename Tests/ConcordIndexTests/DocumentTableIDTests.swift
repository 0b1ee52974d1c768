import Testing
@testable import ConcordIndex
import ConcordStorage
import ConcordTestSupport

/// A document's id read alone (`DocumentTable.id`, which a search calls for every hit and every tie)
/// equals the id written and the one the block's sequential decoding gives (`forEachID`), for ids that
/// share prefixes of every length with the ids before them, repeat, hold multi-byte UTF-8, are empty or
/// longer than whole blocks of shorter ones; and a block damaged so that an entry keeps more than the
/// id before it had reads as an error naming the file, never as another id.
@Suite struct DocumentTableIDTests {
    /// Ids in the shapes a corpus gives them: `source/path:line`-like runs with long common prefixes,
    /// numbered ids whose shared part grows and shrinks, repeats, non-ASCII and the odd long one.
    static func ids(count: Int, seed: UInt64) -> [String] {
        var rng = SeededGenerator(seed: seed)
        let stems = ["deb/sk/", "deb/sk/bio", "gcide/", "gcide/2", "records/1918-11-", "ε/ünïcødé/", "", "a"]
        var ids: [String] = []
        for k in 0..<count {
            switch rng.int(0...5) {
            case 0: ids.append(ids.last ?? "first")
            case 1: ids.append(rng.pick(stems) + String(k))
            case 2: ids.append(String(repeating: "x", count: rng.int(0...300)) + String(rng.int(0...9)))
            case 3: ids.append((ids.last ?? "") + String(rng.int(0...99)))
            case 4: ids.append(String((ids.last ?? "seed").prefix(rng.int(0...12))) + rng.pick(["", "é", "z", "\u{1F600}"]))
            default: ids.append(rng.pick(stems) + rng.pick(["bioperl", "bioperl-run", "why3", "canada", "canadian"]))
            }
        }
        return ids
    }

    static func table(_ ids: [String], directory: MemoryDirectory) throws -> DocumentTable {
        var idBytes: [UInt8] = []
        var idEnds: [UInt32] = []
        for id in ids {
            idBytes += Array(id.utf8)
            idEnds.append(UInt32(idBytes.count))
        }
        let identity = FileIdentity(high: 5, low: 6)
        _ = try DocumentTable.write(directory: directory, name: "t.dtb", identity: identity, idBytes: idBytes, idEnds: idEnds,
                                    hashes: ids.indices.map { UInt64($0) }, interleavedLengths: [UInt32](repeating: 1, count: 3 * ids.count))
        return try DocumentTable(directory: directory, name: "t.dtb", expectedDocuments: ids.count, identity: identity, verifyChecksum: true)
    }

    @Test(arguments: [(1, 1), (31, 2), (32, 3), (33, 4), (500, 5), (2000, 6)] as [(Int, UInt64)])
    func everyIDReadAloneEqualsTheIDWrittenAndTheSequentialDecoding(count: Int, seed: UInt64) throws {
        let ids = Self.ids(count: count, seed: seed)
        let table = try Self.table(ids, directory: MemoryDirectory())
        var sequential: [String] = []
        try table.forEachID { _, bytes in sequential.append(String(decoding: bytes, as: UTF8.self)) }
        #expect(sequential == ids)
        var wrong = 0
        // Backwards too: the reads share no state.
        for doc in ids.indices.reversed() where try table.id(doc) != ids[doc] { wrong += 1 }
        #expect(wrong == 0, "\(wrong) of \(count) ids read wrong")
    }

    @Test func anEntryKeepingMoreThanThePreviousIDHadIsDamageNamingTheFile() throws {
        let directory = MemoryDirectory()
        // One block: "ab", then "abc" stored as (keep 2, "c").
        _ = try Self.table(["ab", "abc"], directory: directory)
        var bytes = try #require(directory.contents(of: "t.dtb"))
        // The second entry's head is the byte sequence 02 01 63 ('c'); make it keep 3 bytes of a 2-byte id.
        let at = try #require((0..<(bytes.count - 2)).first { bytes[$0] == 0x02 && bytes[$0 + 1] == 0x01 && bytes[$0 + 2] == 0x63 })
        bytes[at] = 0x03
        directory.overwrite("t.dtb", with: bytes)
        // Checksums are not verified on this open (searches do not), so the decoding itself must refuse it.
        let table = try DocumentTable(directory: directory, name: "t.dtb", expectedDocuments: 2, identity: FileIdentity(high: 5, low: 6),
                                      verifyChecksum: false)
        #expect(try table.id(0) == "ab")
        let error = #expect(throws: StorageError.self) { try table.id(1) }
        #expect(error.map { "\($0)".contains("t.dtb") } == true)
    }
}
