import Foundation
import Testing
@testable import ConcordIndex
import ConcordStorage

/// `IndexWriter.prepareForChanges` reads the document tables and the stored-field encoding on another
/// thread ahead of use: the update it prepares must equal one without it, byte for byte in the new
/// segment's stored fields, and a damaged id table must still be refused before its ids are trusted.
@Suite struct PreparedChangesTests {
    private let words = (0..<300).map { "term\($0)" }

    /// A committed index of 800 documents with a trained stored-field dictionary, in a new folder.
    private func committedIndex() throws -> (path: String, docs: [PlainDocument]) {
        let path = NSTemporaryDirectory() + "concord-prepared-\(UInt64.random(in: 0...UInt64.max))"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let docs = randomDocuments(count: 1_000, vocabulary: words, seed: 41)
        let writer = try IndexWriter(directory: try FileSystemDirectory(path: path), settings: "{}")
        writer.storedTrainingBytes = 64 << 10
        for doc in docs[..<800] { try writer.addDocument(stored(doc)) }
        try writer.commit(userData: [])
        writer.close()
        return (path, docs)
    }

    private func stored(_ doc: PlainDocument) -> AnalyzedDocument {
        var analyzed = doc.analyzed
        analyzed.storedFields.append(("id", doc.id))
        return analyzed
    }

    private func copy(_ path: String) throws -> String {
        let target = path + "-copy"
        try FileManager.default.copyItem(atPath: path, toPath: target)
        return target
    }

    /// Looks up some ids, deletes some, adds 200 documents and commits; returns the live documents
    /// before the deletions, the writer's count of prepared reads taken, and the new segment's `.sto` body.
    private func update(_ path: String, docs: [PlainDocument], prepared: Bool) throws
        -> (live: [String: UInt64], taken: Int, stored: [UInt8]) {
        let directory = try FileSystemDirectory(path: path)
        let writer = try IndexWriter(directory: directory, settings: "{}")
        defer { writer.close() }
        if prepared { writer.prepareForChanges() }
        let wanted = Set(docs[780..<820].map(\.id))
        let live = try writer.liveDocuments(matching: wanted)
        try writer.deleteDocuments(withIDs: Set(docs[790..<800].map(\.id)))
        for doc in docs[800...] { try writer.addDocument(stored(doc)) }
        let taken = writer.preparedReadsTaken
        let commit = try writer.commit(userData: [])
        let newest = try #require(commit.segments.last)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/\(newest.name).sto")))
        let header = 4 + 1 + Int(bytes[4]) + 4 + 16
        return (live, taken, Array(bytes[header..<(bytes.count - 4)]))
    }

    @Test func preparedUpdateEqualsAnUnpreparedOne() throws {
        let (path, docs) = try committedIndex()
        let other = try copy(path)
        defer {
            try? FileManager.default.removeItem(atPath: path)
            try? FileManager.default.removeItem(atPath: other)
        }
        let withReadsAhead = try update(path, docs: docs, prepared: true)
        let without = try update(other, docs: docs, prepared: false)
        #expect(withReadsAhead.taken == 2, "the id table and the stored-field encoding read ahead are used")
        #expect(without.taken == 0)
        #expect(withReadsAhead.live.count == 20)
        #expect(withReadsAhead.live == without.live)
        #expect(withReadsAhead.stored == without.stored)
        let reader = try IndexReader(directory: try FileSystemDirectory(path: path))
        #expect(reader.liveDocumentCount == 990)
    }

    @Test func damagedIDTableIsRefusedAfterPreparing() throws {
        let (path, docs) = try committedIndex()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let table = try #require(try FileManager.default.contentsOfDirectory(atPath: path).first { $0.hasSuffix(".dtb") })
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path + "/" + table)))
        bytes[bytes.count / 2] ^= 0x5A
        try Data(bytes).write(to: URL(fileURLWithPath: path + "/" + table))
        let writer = try IndexWriter(directory: try FileSystemDirectory(path: path), settings: "{}")
        defer { writer.close() }
        writer.prepareForChanges()
        #expect(throws: StorageError.self) { try writer.liveDocuments(matching: [docs[0].id]) }
        #expect(throws: StorageError.self) { try writer.deleteDocuments(withIDs: [docs[1].id]) }
    }
}
