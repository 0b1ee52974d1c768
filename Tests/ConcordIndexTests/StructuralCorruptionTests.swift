import Foundation
import Testing
@testable import ConcordIndex
import ConcordStorage

/// Damage that passes the checksum (the CRC is recomputed after the flip, as a buggy writer or a
/// deliberate edit would leave it) must still give errors, never a crash: every length, offset and
/// count read from a file is checked before it is trusted.
@Suite struct StructuralCorruptionTests {
    static func fixCRC(_ bytes: inout [UInt8]) {
        guard bytes.count >= 8 else { return }
        let crc = bytes.withUnsafeBytes { Checksum.of(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)])) }
        withUnsafeBytes(of: crc.littleEndian) { raw in
            for i in 0..<4 { bytes[bytes.count - 4 + i] = raw[i] }
        }
    }

    /// Opens, checks and reads everything; returns normally or throws, and must not trap.
    static func exercise(_ directory: Directory) {
        guard let reader = try? IndexReader(directory: directory) else { return }
        _ = IndexChecker(directory: directory).check()
        for segment in reader.segments {
            for doc in 0..<segment.maxDoc {
                _ = try? segment.storedFields(doc)
                _ = try? segment.documentID(doc)
                _ = segment.dateInterval(doc)
                for field in segment.keywordFields { _ = segment.keywordValue(field: field, doc: doc) }
            }
            for term in ["w1", "w2", "w3", "absent"] {
                guard var cursor = try? segment.postings(for: term) else { continue }
                _ = try? cursor.advance(to: 3)
                while (try? cursor.next()).map({ $0 != SegmentPostings.exhausted }) ?? false {
                    _ = try? cursor.positions(inField: 1)
                }
            }
        }
    }

    @Test func flippedBytesWithValidChecksumsNeverCrash() throws {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        // Enough documents for full 128-document blocks and skip tables, plus deletions.
        for doc in randomDocuments(count: 300, vocabulary: ["w1", "w2", "w3", "w4"], seed: 5) { try writer.addDocument(doc.analyzed) }
        try writer.commit(userData: [7])
        try writer.deleteDocuments(withIDs: ["doc3", "doc200"])
        try writer.commit(userData: [8])
        writer.close()
        let seed = UInt64(ProcessInfo.processInfo.environment["CONCORD_CORRUPTION_SEED"] ?? "") ?? 77
        var rng = SeededGenerator(seed: seed)
        for name in try directory.listFiles() where name != "write.lock" {
            let original = try #require(directory.contents(of: name))
            // Every byte of small files, a seeded sample of larger ones (CONCORD_CORRUPTION_SAMPLES for
            // a longer run); one of three flips per offset.
            let samples = Int(ProcessInfo.processInfo.environment["CONCORD_CORRUPTION_SAMPLES"] ?? "") ?? 80
            let offsets = original.count <= samples ? Array(0..<(original.count - 8))
                : (0..<samples).map { _ in rng.int(0...(original.count - 9)) }
            for offset in offsets {
                var damaged = original
                damaged[offset] ^= rng.pick([0x01, 0x80, 0xFF] as [UInt8])
                Self.fixCRC(&damaged)
                directory.overwrite(name, with: damaged)
                Self.exercise(directory)
            }
            directory.overwrite(name, with: original)
        }
        #expect(IndexChecker(directory: directory).check().isHealthy)
    }
}
