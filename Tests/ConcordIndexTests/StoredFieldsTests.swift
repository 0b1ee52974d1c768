import Testing
@testable import ConcordIndex
import ConcordStorage

/// Documents whose stored fields vary (shared with `StoredChunkCacheTests`): some fields only some documents have, names in several
/// orders, ids sharing long prefixes (front-coded in the document table), non-ASCII text.
func storedDocuments(count: Int, seed: UInt64, idPrefix: String = "collection/box-") -> [(doc: AnalyzedDocument, fields: [(name: String, value: String)])] {
    var rng = SeededGenerator(seed: seed)
    let words = ["treaty", "armistice", "Geneva", "пакт", "停战", "memo", "conference", "délégation", "minutes", "draft"]
    return (0..<count).map { i in
        let id = "\(idPrefix)\(i / 7)/item-\(i)"
        func text(_ n: Int) -> String { (0..<n).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ") }
        var fields: [(name: String, value: String)] = [("id", id), ("title", text(Int(rng.next() % 6)))]
        if rng.next() % 3 == 0 { fields.append(("date", "19\(50 + Int(rng.next() % 40))")) }
        fields.append(("summary", text(Int(rng.next() % 30))))
        fields.append(("body", text(Int(rng.next() % 80))))
        if rng.next() % 4 == 0 { fields.append(("box", "\(rng.next() % 100)")) }
        if rng.next() % 5 == 0 { fields.insert(("collection", "κ-\(rng.next() % 9)"), at: 1) }
        if i % 50 == 49 { fields.append(("rare-\(i)", "x\(i)")) }
        // The column file repeats the date and the metadata fields (`concord check` compares them).
        let date = fields.first { $0.name == "date" }.flatMap { Int($0.value) }.flatMap { DayInterval(year: $0) }
        var keywords: [String: String] = [:]
        for field in fields where !IndexChecker.reservedStoredFields.contains(field.name) { keywords[field.name] = field.value }
        let doc = AnalyzedDocument(id: id, contentHash: rng.next(), storedFields: fields, terms: [[], [], []],
                                   dateInterval: date, keywords: keywords)
        return (doc, fields)
    }
}

private func expectSameFields(_ segment: SegmentReader, _ doc: Int, _ fields: [(name: String, value: String)]) throws {
    let stored = try segment.storedDocument(doc)
    #expect(stored.count == fields.count)
    #expect(stored.all.map(\.name) == fields.map(\.name), "document \(doc)")
    #expect(stored.all.map(\.value) == fields.map(\.value), "document \(doc)")
    // The field list a search hit carries, decoded without the compact value in between.
    let list = try segment.storedFields(doc, id: try segment.documentID(doc))
    #expect(list.map(\.name) == fields.map(\.name) && list.map(\.value) == fields.map(\.value), "document \(doc)")
    for field in fields {
        #expect(stored[field.name] == field.value)
        #expect(try segment.storedField(doc, named: field.name) == field.value)
    }
    #expect(stored["absent"] == nil)
    #expect(try segment.storedField(doc, named: "absent") == nil)
}

@Suite struct StoredFieldsTests {
    /// The one segment of an index of `docs`, written and committed in `directory`.
    private func oneSegment(of docs: [(doc: AnalyzedDocument, fields: [(name: String, value: String)])],
                            in directory: MemoryDirectory) throws -> SegmentReader {
        let writer = try IndexWriter(directory: directory, settings: "{}")
        for doc in docs { try writer.addDocument(doc.doc) }
        try writer.commit(userData: [])
        writer.close()
        return try #require(try IndexReader(directory: directory).segments.first)
    }

    @Test func fieldsRoundTripWithATrainedDictionary() throws {
        let docs = storedDocuments(count: 1200, seed: 1)
        let directory = MemoryDirectory()
        let segment = try oneSegment(of: docs, in: directory)
        // The segment is large enough to train on: its chunks use a dictionary, and field names are numbers.
        #expect(segment.storedFieldsEncoding.dictionary.count >= 1024)
        // The id is kept once, in the document table; the stored field refers to it.
        #expect(segment.storedFieldsEncoding.names.starts(with: ["title"]))
        #expect(!segment.storedFieldsEncoding.names.contains("id"))
        // Reading in random order crosses chunks both ways (the cached chunk must not leak into another).
        var rng = SeededGenerator(seed: 7)
        for doc in (0..<docs.count).shuffled(using: &rng) { try expectSameFields(segment, doc, docs[doc].fields) }
        for doc in 0..<docs.count { #expect(try segment.documentID(doc) == docs[doc].doc.id) }
        #expect(try segment.liveDocument(withID: docs[777].doc.id) == 777)
        #expect(try segment.liveDocument(withID: "collection/box-1/item-") == nil)
        #expect(IndexChecker(directory: directory).check().problems.isEmpty)
    }

    @Test func aSmallSegmentHasNoDictionary() throws {
        let docs = storedDocuments(count: 5, seed: 2)
        let directory = MemoryDirectory()
        let segment = try oneSegment(of: docs, in: directory)
        #expect(segment.storedFieldsEncoding.dictionary.isEmpty)
        for doc in 0..<docs.count { try expectSameFields(segment, doc, docs[doc].fields) }
        #expect(IndexChecker(directory: directory).check().problems.isEmpty)
    }

    /// Segments share an encoding (the largest committed segment's, else the writer's first flushed
    /// segment's), so a merge copies their chunks as they are (the merged chunk count is the sum); a
    /// segment of another encoding (here: too small for a dictionary) is re-encoded, deletions dropped.
    @Test func mergesCopyChunksOfASharedEncodingAndReencodeOthers() throws {
        let small = storedDocuments(count: 5, seed: 5, idPrefix: "small/")
        let first = storedDocuments(count: 900, seed: 3)
        let directory = MemoryDirectory()
        let noMerges = TieredMergePolicy(mergeFactor: 1000, floorDocuments: 1)
        let mergeAll = TieredMergePolicy(mergeFactor: 2, floorDocuments: 100_000)
        func session(_ docs: [(doc: AnalyzedDocument, fields: [(name: String, value: String)])], deleting: Set<String> = [],
                     ramBudget: Int = 1 << 30, thenMerge: Bool) throws {
            let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: ramBudget)
            writer.mergePolicy = noMerges
            for doc in docs { try writer.addDocument(doc.doc) }
            if !deleting.isEmpty { _ = try writer.deleteDocuments(withIDs: deleting) }
            try writer.commit(userData: [])
            if thenMerge {
                writer.mergePolicy = mergeAll
                try writer.commit(userData: [])
            }
            writer.close()
        }
        try session(small, thenMerge: false)
        try session(first, ramBudget: 120_000, thenMerge: false)
        let flushed = try IndexReader(directory: directory).segments
        let smallSegment = try #require(flushed.first)
        let large = Array(flushed.dropFirst())
        #expect(smallSegment.storedFieldsEncoding.dictionary.isEmpty)
        #expect(large.count > 2)
        #expect(Set(large.map(\.storedFieldsEncoding.dictionary)).count == 1)
        #expect(large[0].storedFieldsEncoding.dictionary.count >= 1024)

        try session([], thenMerge: true)
        let merged = try #require(try IndexReader(directory: directory).segments.first)
        #expect(try IndexReader(directory: directory).segments.count == 1)
        #expect(merged.storedFieldsEncoding.dictionary == large[0].storedFieldsEncoding.dictionary)
        #expect(merged.stored.chunkCount == smallSegment.stored.chunkCount + large.reduce(0) { $0 + $1.stored.chunkCount },
                "chunks were recompressed instead of copied")
        let byID = Dictionary(uniqueKeysWithValues: (small + first).map { ($0.doc.id, $0.fields) })
        #expect(merged.maxDoc == byID.count)
        for doc in 0..<merged.maxDoc { try expectSameFields(merged, doc, try #require(byID[try merged.documentID(doc)])) }

        // A new session's segment takes the merged segment's encoding; deleted documents are dropped.
        let second = storedDocuments(count: 400, seed: 4, idPrefix: "other/")
        let removed: Set<String> = [first[10].doc.id, first[500].doc.id]
        try session(second, deleting: removed, thenMerge: false)
        let added = try #require(try IndexReader(directory: directory).segments.last)
        #expect(added.storedFieldsEncoding.dictionary == merged.storedFieldsEncoding.dictionary)
        try session([], thenMerge: true)
        let reader = try IndexReader(directory: directory)
        #expect(reader.segments.count == 1)
        let all = try #require(reader.segments.first)
        let live = (small + first).filter { !removed.contains($0.doc.id) } + second
        let liveByID = Dictionary(uniqueKeysWithValues: live.map { ($0.doc.id, $0.fields) })
        #expect(all.maxDoc == live.count)
        #expect(Set(try (0..<all.maxDoc).map { try all.documentID($0) }) == Set(liveByID.keys))
        for doc in 0..<all.maxDoc { try expectSameFields(all, doc, try #require(liveByID[try all.documentID(doc)])) }
        #expect(IndexChecker(directory: directory).check().problems.isEmpty)
    }
}
