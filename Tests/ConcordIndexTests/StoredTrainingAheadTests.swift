import Testing
@testable import ConcordIndex
import ConcordStorage

/// The first segment's stored-field dictionary, trained on the sample an index writer takes while
/// documents are added, must give exactly the `.sto` bytes a segment writer's own sample gives.
@Suite struct StoredTrainingAheadTests {
    /// Builds `docs` into a new index; returns its directory and whether the dictionary was trained ahead.
    private func build(_ docs: [AnalyzedDocument], ahead: Bool, ramBudget: Int = 1 << 30) throws -> (MemoryDirectory, Int) {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: ramBudget)
        writer.trainsStoredDictionaryAhead = ahead
        writer.storedTrainingBytes = 1 << 20
        for doc in docs { try writer.addDocument(doc) }
        try writer.commit(userData: [])
        let trainedAhead = writer.encodingsTrainedAhead
        writer.close()
        return (directory, trainedAhead)
    }

    /// A segment file without its identity (header) and checksum (footer), which differ between builds.
    private func body(_ directory: MemoryDirectory, _ name: String) throws -> [UInt8] {
        let bytes = try #require(directory.contents(of: name))
        let header = 4 + 1 + Int(bytes[4]) + 4 + 16
        return Array(bytes[header..<(bytes.count - 4)])
    }

    /// Documents with varied stored text and an extra field name appearing late (numbered after training).
    private func documents(count: Int, seed: UInt64) -> [AnalyzedDocument] {
        let words = (0..<400).map { "word\($0)" }
        return randomDocuments(count: count, vocabulary: words, seed: seed).enumerated().map { i, doc in
            var analyzed = doc.analyzed
            if i % 97 == 5 { analyzed.storedFields.append(("late\(i % 3)", "extra value \(i)")) }
            analyzed.storedFields.append(("id", doc.id))
            return analyzed
        }
    }

    @Test func dictionaryTrainedAheadWritesTheSameBytes() throws {
        let docs = documents(count: 6_000, seed: 3)   // well over the 1 MiB of serialized documents trained on
        let (ahead, trainedAhead) = try build(docs, ahead: true)
        let (atWrite, atWriteAhead) = try build(docs, ahead: false)
        #expect(trainedAhead == 1, "the first segment's dictionary comes from the index writer's sample")
        #expect(atWriteAhead == 0)
        let names = try ahead.listFiles().filter { $0.hasSuffix(".sto") }
        let namesAtWrite = try atWrite.listFiles().filter { $0.hasSuffix(".sto") }
        #expect(!names.isEmpty && names == namesAtWrite)
        for name in names { #expect(try body(ahead, name) == body(atWrite, name), "\(name)") }
    }

    @Test func smallSegmentsAreTrainedAtWriteAsBefore() throws {
        let docs = documents(count: 200, seed: 4)      // far below the training size
        let (ahead, trainedAhead) = try build(docs, ahead: true)
        let (atWrite, _) = try build(docs, ahead: false)
        #expect(trainedAhead == 0)
        let names = try ahead.listFiles().filter { $0.hasSuffix(".sto") }
        #expect(!names.isEmpty)
        for name in names {
            #expect(try body(ahead, name) == body(atWrite, name))
        }
    }

    /// Later segments train dictionaries too, but on text of one kind theirs compress no better, so every
    /// segment keeps the first one's (and writes the bytes it would with that dictionary given).
    @Test func severalSegmentsShareTheTrainedEncoding() throws {
        let docs = documents(count: 12_000, seed: 5)
        let (ahead, trainedAhead) = try build(docs, ahead: true, ramBudget: 5 << 20)
        let (atWrite, _) = try build(docs, ahead: false, ramBudget: 5 << 20)
        #expect(trainedAhead == 1, "a later segment took a dictionary of its own on text of one kind")
        let names = try ahead.listFiles().filter { $0.hasSuffix(".sto") }
        #expect(names.count > 1, "the small budget flushes several segments")
        let namesAtWrite = try atWrite.listFiles().filter { $0.hasSuffix(".sto") }
        #expect(names == namesAtWrite)
        for name in names { #expect(try body(ahead, name) == body(atWrite, name), "\(name)") }
    }
}
