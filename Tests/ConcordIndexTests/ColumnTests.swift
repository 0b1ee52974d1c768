import Testing
@testable import ConcordIndex
import ConcordStorage

/// A document with column values and the stored fields that must agree with them.
struct ColumnDocument {
    var id: String
    var date: (year: Int, month: Int?, day: Int?)?
    var keywords: [String: String]

    var interval: DayInterval? { date.flatMap { DayInterval(year: $0.year, month: $0.month, day: $0.day) } }

    var iso: String? {
        guard let date else { return nil }
        var text = String(format: "%04d", date.year)
        if let month = date.month { text += String(format: "-%02d", month) }
        if let day = date.day { text += String(format: "-%02d", day) }
        return text
    }

    var analyzed: AnalyzedDocument {
        var stored: [(name: String, value: String)] = [("id", id), ("title", "t \(id)")]
        if let iso { stored.append(("date", iso)) }
        for key in keywords.keys.sorted() { stored.append((key, keywords[key] ?? "")) }
        let words = ["w\(id.count % 5)", "common"]
        return AnalyzedDocument(id: id, contentHash: UInt64(id.utf8.count), storedFields: stored,
                                terms: [words.enumerated().map { .init(term: $0.element, position: UInt32($0.offset)) }, [], []],
                                dateInterval: interval, keywords: keywords)
    }
}

func randomColumnDocuments(count: Int, seed: UInt64, idPrefix: String = "d") -> [ColumnDocument] {
    var rng = SeededGenerator(seed: seed)
    // Many values for one field (ordinals wider than a byte), few for others, some documents with none.
    let collections = ["frus", "cables", "Ärchiv", "", "memos", "frus-2"]
    return (0..<count).map { i in
        var keywords: [String: String] = [:]
        if rng.int(0...3) > 0 { keywords["collection"] = rng.pick(collections.filter { !$0.isEmpty }) }
        if rng.int(0...1) == 0 { keywords["box"] = String(rng.int(0...999)) }
        if rng.int(0...9) == 0 { keywords["rare"] = "only \(i)" }
        let date: (Int, Int?, Int?)?
        switch rng.int(0...3) {
        case 0: date = nil
        case 1: date = (rng.int(1900...1999), nil, nil)
        case 2: date = (rng.int(1900...1999), rng.int(1...12), nil)
        default: date = (rng.int(1900...1999), 2, rng.int(1...28))
        }
        return ColumnDocument(id: "\(idPrefix)\(i)", date: date, keywords: keywords)
    }
}

/// Every live document's column values, by id, read through the public column API.
func columnValues(_ reader: IndexReader) -> [String: (DayInterval?, [String: String])] {
    var result: [String: (DayInterval?, [String: String])] = [:]
    for segment in reader.segments {
        for doc in 0..<segment.maxDoc where segment.isLive(doc) {
            var keywords: [String: String] = [:]
            for field in segment.keywordFields {
                if let value = segment.keywordValue(field: field, doc: doc) { keywords[field] = value }
            }
            result[(try? segment.documentID(doc)) ?? "?"] = (segment.dateInterval(doc), keywords)
        }
    }
    return result
}

@Suite struct ColumnTests {
    @Test func valuesRoundTripThroughSeveralSegments() throws {
        let docs = randomColumnDocuments(count: 900, seed: 3)
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: 30_000)
        writer.mergePolicy = TieredMergePolicy(mergeFactor: 1000, floorDocuments: 1)   // no merges
        for doc in docs { try writer.addDocument(doc.analyzed) }
        try writer.commit(userData: [])
        writer.close()
        let reader = try IndexReader(directory: directory)
        #expect(reader.segments.count > 1)
        let actual = columnValues(reader)
        #expect(actual.count == docs.count)
        for doc in docs {
            #expect(actual[doc.id]?.0 == doc.interval, "\(doc.id)")
            #expect(actual[doc.id]?.1 == doc.keywords, "\(doc.id)")
        }
        #expect(IndexChecker(directory: directory).check().problems == [])
    }

    @Test func ordinalsFollowValueOrderAndResolveValues() throws {
        let docs = randomColumnDocuments(count: 700, seed: 8)
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        for doc in docs { try writer.addDocument(doc.analyzed) }
        try writer.commit(userData: [])
        writer.close()
        let segment = try #require(try IndexReader(directory: directory).segments.first)
        #expect(segment.keywordFields == ["box", "collection", "rare"])
        let box = try #require(segment.keywordColumn("box"))
        let distinct = Set(docs.compactMap { $0.keywords["box"] })
        #expect(box.valueCount == distinct.count)
        #expect(box.valueCount > 255, "wide ordinals are exercised")
        let values = (0..<box.valueCount).map { box.value(ordinal: $0) }
        #expect(values == distinct.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        for (k, value) in values.enumerated() { #expect(box.ordinal(of: value) == k) }
        #expect(box.ordinal(of: "no such value") == nil)
        #expect(segment.ordinal(of: "frus", field: "collection") != nil)
        #expect(segment.ordinal(of: "frus", field: "nofield") == nil)
        let collection = try #require(segment.keywordColumn("collection"))
        for (doc, expected) in docs.enumerated() {
            let ordinal = segment.keywordOrdinal(field: "collection", doc: doc)
            #expect(ordinal.map { collection.value(ordinal: $0) } == expected.keywords["collection"])
            #expect(ordinal == collection.ordinal(doc))
        }
        let prefixed = collection.ordinals(withPrefix: "frus")
        #expect(prefixed.map { collection.value(ordinal: $0) } == ["frus", "frus-2"])
    }

    @Test func mergesRenumberOrdinalsAndDropDeletedDocuments() throws {
        let first = randomColumnDocuments(count: 600, seed: 11, idPrefix: "a")
        let second = randomColumnDocuments(count: 400, seed: 12, idPrefix: "b")
            .map { doc -> ColumnDocument in
                var doc = doc
                // Values only the later segments have, sorting before and between the earlier ones.
                if doc.keywords["collection"] != nil { doc.keywords["collection"] = "b-" + (doc.keywords["collection"] ?? "") }
                return doc
            }
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: 25_000)
        writer.mergePolicy = TieredMergePolicy(mergeFactor: 1000, floorDocuments: 1)
        for doc in first { try writer.addDocument(doc.analyzed) }
        try writer.commit(userData: [])
        var rng = SeededGenerator(seed: 5)
        let removed = Set(first.filter { _ in rng.next() % 3 == 0 }.map(\.id))
        try writer.deleteDocuments(withIDs: removed)
        for doc in second { try writer.addDocument(doc.analyzed) }
        writer.mergePolicy = TieredMergePolicy(mergeFactor: 2, floorDocuments: 100_000)   // merge everything
        try writer.commit(userData: [])
        writer.close()
        let reader = try IndexReader(directory: directory)
        #expect(reader.segments.count == 1)
        let segment = reader.segments[0]
        #expect(segment.maxDoc == first.count + second.count - removed.count)
        let live = first.filter { !removed.contains($0.id) } + second
        let actual = columnValues(reader)
        #expect(actual.count == live.count)
        for doc in live {
            #expect(actual[doc.id]?.0 == doc.interval, "\(doc.id)")
            #expect(actual[doc.id]?.1 == doc.keywords, "\(doc.id)")
        }
        let collection = try #require(segment.keywordColumn("collection"))
        let expectedValues = Set(live.compactMap { $0.keywords["collection"] }).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        #expect((0..<collection.valueCount).map { collection.value(ordinal: $0) } == expectedValues)
        // A value only deleted documents had is gone from the dictionary.
        let rareLive = Set(live.compactMap { $0.keywords["rare"] })
        let rare = try #require(segment.keywordColumn("rare"))
        #expect(rare.valueCount == rareLive.count)
        #expect(IndexChecker(directory: directory).check().problems == [])
    }

    @Test func damagedColumnFileIsReportedByName() throws {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        for doc in randomColumnDocuments(count: 50, seed: 2) { try writer.addDocument(doc.analyzed) }
        try writer.commit(userData: [])
        writer.close()
        let name = try #require(try directory.listFiles().first { $0.hasSuffix(".col") })
        let original = try #require(directory.contents(of: name))

        // A flipped byte: the checksum catches it (full verification; a search's open reads no document's values).
        var flipped = original
        flipped[original.count / 2] ^= 0x40
        directory.overwrite(name, with: flipped)
        #expect(throws: StorageError.self) { try IndexReader(directory: directory, verifyChecksums: true) }
        let report = IndexChecker(directory: directory).check()
        #expect(report.problems.contains { $0.contains(name) && $0.contains("checksum") }, "\(report.problems)")

        // An ordinal beyond its dictionary, checksum fixed: a search's open accepts it and reads it as no
        // value; full verification names the file and the document.
        var badOrdinal = original
        badOrdinal[original.count - FramedFile.footerSize - 1] = 0xFF     // the last document's ordinal of the last field
        refreshFooter(&badOrdinal)
        directory.overwrite(name, with: badOrdinal)
        let lazy = try IndexReader(directory: directory).segments[0]
        let lastField = try #require(lazy.keywordFields.last)
        #expect(lazy.keywordOrdinal(field: lastField, doc: lazy.maxDoc - 1) == nil)
        for doc in 0..<lazy.maxDoc {
            for field in lazy.keywordFields { _ = lazy.keywordValue(field: field, doc: doc) }
        }
        do {
            _ = try IndexReader(directory: directory, verifyChecksums: true)
            Issue.record("an out-of-range ordinal must not pass verification")
        } catch let StorageError.corrupt(file, reason) {
            #expect(file == name)
            #expect(reason.contains("ordinal") && reason.contains("document \(lazy.maxDoc - 1)"), "\(reason)")
        }
        #expect(IndexChecker(directory: directory).check().problems.contains { $0.contains(name) && $0.contains("ordinal") })

        // An interval running backwards reads as undated; verification refuses it.
        var backwards = original
        let datesStart = 4 + 1 + ColumnFileWriter.format.utf8.count + 4 + FileIdentity.byteCount + 8 + 1   // after the dated flag
        for (i, byte) in [UInt8](arrayLiteral: 10, 0, 0, 0, 5, 0, 0, 0).enumerated() { backwards[datesStart + i] = byte }
        refreshFooter(&backwards)
        directory.overwrite(name, with: backwards)
        #expect(try IndexReader(directory: directory).segments[0].dateInterval(0) == nil)
        #expect(throws: StorageError.self) { try IndexReader(directory: directory, verifyChecksums: true) }
        #expect(IndexChecker(directory: directory).check().problems.contains { $0.contains(name) && $0.contains("date interval") })

        // Value offsets out of order read as empty values, never past the file; verification refuses them.
        var offsets = original
        let firstField = datesStart + 8 * 50      // 50 documents' intervals
        let nameLength = Int(offsets[firstField])     // a short name: its VInt length is one byte
        let valueCountAt = firstField + 1 + nameLength
        let valueCount = Int(offsets[valueCountAt]) | Int(offsets[valueCountAt + 1]) << 8
        try #require(valueCount >= 2)
        let secondOffset = valueCountAt + 4 + 1 + 4
        for i in 0..<4 { offsets[secondOffset + i] = 0xFF }
        refreshFooter(&offsets)
        directory.overwrite(name, with: offsets)
        let damaged = try IndexReader(directory: directory).segments[0]
        let column = try #require(damaged.keywordFields.first.flatMap { damaged.keywordColumn($0) })
        #expect(column.value(ordinal: 0) == "")
        for ordinal in 0..<column.valueCount { _ = column.value(ordinal: ordinal) }
        #expect(throws: StorageError.self) { try IndexReader(directory: directory, verifyChecksums: true) }
    }

    /// A segment without dated documents has no date column (8 bytes per document saved), reads every
    /// document as undated, and a flag other than 0 or 1 is damage.
    @Test func aSegmentWithoutDatesHasNoDateColumn() throws {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        let docs = randomColumnDocuments(count: 200, seed: 12).map { doc -> ColumnDocument in
            var doc = doc
            doc.date = nil
            return doc
        }
        for doc in docs { try writer.addDocument(doc.analyzed) }
        try writer.commit(userData: [])
        writer.close()
        let segment = try #require(try IndexReader(directory: directory).segments.first)
        for doc in 0..<segment.maxDoc { #expect(segment.dateInterval(doc) == nil) }
        #expect(IndexChecker(directory: directory).check().problems.isEmpty)
        let name = try #require(try directory.listFiles().first { $0.hasSuffix(".col") })
        let original = try #require(directory.contents(of: name))
        let flagAt = 4 + 1 + ColumnFileWriter.format.utf8.count + 4 + FileIdentity.byteCount + 8
        #expect(original[flagAt] == 0)
        // The first keyword field (its name's length, then the name) follows the flag at once: no dates.
        let firstField = Array(try #require(segment.keywordFields.first).utf8)
        #expect(Int(original[flagAt + 1]) == firstField.count)
        #expect(Array(original[(flagAt + 2)..<(flagAt + 2 + firstField.count)]) == firstField)
        var damaged = original
        damaged[flagAt] = 2
        refreshFooter(&damaged)
        directory.overwrite(name, with: damaged)
        #expect(throws: StorageError.self) { try IndexReader(directory: directory) }
    }

    @Test func checkFindsValuesOutOfOrder() throws {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        try writer.addDocument(ColumnDocument(id: "1", date: nil, keywords: ["collection": "qq"]).analyzed)
        try writer.addDocument(ColumnDocument(id: "2", date: nil, keywords: ["collection": "zz"]).analyzed)
        try writer.commit(userData: [])
        writer.close()
        let name = try #require(try directory.listFiles().first { $0.hasSuffix(".col") })
        var bytes = try #require(directory.contents(of: name))
        let at = try #require((0..<(bytes.count - 3)).first { Array(bytes[$0..<($0 + 4)]) == Array("qqzz".utf8) })
        bytes.replaceSubrange(at..<(at + 4), with: Array("zzqq".utf8))
        refreshFooter(&bytes)
        directory.overwrite(name, with: bytes)
        let problems = IndexChecker(directory: directory).check().problems
        #expect(problems.contains { $0.contains(name) && $0.contains("out of order") }, "\(problems)")
    }

    @Test func checkFindsColumnsThatDisagreeWithStoredFields() throws {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        var doc = ColumnDocument(id: "x", date: (1950, 10, nil), keywords: ["collection": "frus"]).analyzed
        doc.keywords["collection"] = "cables"
        doc.dateInterval = DayInterval(year: 1951)
        try writer.addDocument(doc)
        try writer.commit(userData: [])
        writer.close()
        let problems = IndexChecker(directory: directory).check().problems
        #expect(problems.contains { $0.contains(".col") && $0.contains("collection") }, "\(problems)")
        #expect(problems.contains { $0.contains(".col") && $0.contains("date") }, "\(problems)")
    }

    @Test func anOlderFormatIsRefusedWithAClearError() throws {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        for doc in randomColumnDocuments(count: 5, seed: 1) { try writer.addDocument(doc.analyzed) }
        let commit = try writer.commit(userData: [])
        writer.close()
        // Rewrite the commit as format version 1 wrote it.
        let name = Commit.fileName(generation: commit.generation)
        let current = try #require(directory.contents(of: name))
        let bytes = try #require(FormatOneCommit.downgrade(current))
        directory.overwrite(name, with: bytes)
        #expect(throws: IndexError.outdatedFormat(path: directory.path, version: 1)) { try IndexReader(directory: directory) }
        #expect(throws: IndexError.outdatedFormat(path: directory.path, version: 1)) {
            try IndexWriter(directory: directory, settings: "{}")
        }
        // A fresh start replaces it.
        let fresh = try IndexWriter(directory: directory, settings: "{}", startEmpty: true)
        try fresh.addDocument(ColumnDocument(id: "new", date: nil, keywords: [:]).analyzed)
        try fresh.commit(userData: [])
        fresh.close()
        #expect(try IndexReader(directory: directory).liveDocumentCount == 1)
    }
}
