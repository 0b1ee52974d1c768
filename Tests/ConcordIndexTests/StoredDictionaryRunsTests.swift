import Testing
@testable import ConcordIndex
import ConcordStorage

/// Segments train their own stored-field dictionaries when their documents change character; a `.sto`
/// holds every dictionary its chunks use (runs of chunks name theirs), and merges copy chunks of any
/// dictionary as they are.
@Suite struct StoredDictionaryRunsTests {
    /// Words of a made-up language: syllables drawn from `letters`.
    private func vocabulary(_ letters: [Character], seed: UInt64) -> [String] {
        var rng = SeededGenerator(seed: seed)
        return (0..<300).map { _ in
            String((0..<(3 + Int(rng.next() % 6))).map { _ in letters[Int(rng.next() % UInt64(letters.count))] })
        }
    }

    private var latin: [String] { vocabulary(Array("abcdefghijklmnoprstuvw"), seed: 1) }
    private var cyrillic: [String] { vocabulary(Array("абвгдежзиклмнопрстуфхцчшы"), seed: 2) }
    private var greek: [String] { vocabulary(Array("αβγδεζηθικλμνξοπρστυφχψω"), seed: 3) }

    /// `count` documents of about 1.5 KB of stored text in `words`, ids `prefix0`, `prefix1`, …
    private func documents(_ words: [String], count: Int, prefix: String, seed: UInt64) -> [AnalyzedDocument] {
        var rng = SeededGenerator(seed: seed)
        func text(_ n: Int) -> String { (0..<n).map { _ in words[Int(rng.next() % UInt64(words.count))] }.joined(separator: " ") }
        return (0..<count).map { i in
            let id = "\(prefix)\(i)"
            let fields: [(name: String, value: String)] = [("id", id), ("title", text(4)), ("body", text(150 + Int(rng.next() % 100)))]
            return AnalyzedDocument(id: id, contentHash: rng.next(), storedFields: fields, terms: [[], [], []])
        }
    }

    /// Writes `groups` in one session, each group its own segment (no merges until `merge`), committing;
    /// returns how many new dictionaries were trained ahead.
    @discardableResult
    private func session(_ directory: MemoryDirectory, _ groups: [[AnalyzedDocument]], merge: Bool = false) throws -> Int {
        let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: 1 << 30)
        writer.storedTrainingBytes = 1 << 20
        writer.mergePolicy = TieredMergePolicy(mergeFactor: 1000, floorDocuments: 1)
        for group in groups {
            for doc in group { try writer.addDocument(doc) }
            try writer.flush()
        }
        try writer.commit(userData: [])
        if merge {
            writer.mergePolicy = TieredMergePolicy(mergeFactor: 2, floorDocuments: 10_000_000)
            try writer.commit(userData: [])
        }
        writer.close()
        return writer.encodingsTrainedAhead
    }

    private func expectStored(_ reader: IndexReader, _ docs: [AnalyzedDocument]) throws {
        let byID = Dictionary(uniqueKeysWithValues: docs.map { ($0.id, $0.storedFields) })
        #expect(reader.segments.reduce(0) { $0 + $1.maxDoc } == docs.count)
        var rng = SeededGenerator(seed: 9)
        for segment in reader.segments {
            // Random order crosses chunks and runs of different dictionaries both ways.
            for doc in (0..<segment.maxDoc).shuffled(using: &rng) {
                let id = try segment.documentID(doc)
                let expected = try #require(byID[id])
                let stored = try segment.storedFields(doc, id: id)
                #expect(stored.map(\.name) == expected.map(\.name) && stored.map(\.value) == expected.map(\.value), "\(id)")
            }
        }
    }

    @Test func segmentsOfANewKindOfTextTrainTheirOwnDictionaryAndMergesCopyThemAll() throws {
        // About 1.3 MB of stored text per segment: each segment's sample reaches the 1 MiB training size.
        let groups = [documents(latin, count: 1_000, prefix: "en/", seed: 11), documents(latin, count: 1_000, prefix: "en2/", seed: 12),
                      documents(cyrillic, count: 1_000, prefix: "ru/", seed: 13)]
        let all = groups.flatMap { $0 }
        let directory = MemoryDirectory()
        let trained = try session(directory, groups)
        let flushed = try IndexReader(directory: directory).segments
        #expect(flushed.count == 3)
        let dictionaries = flushed.map { Array($0.stored.dictionaryBytes(1)) }
        #expect(flushed.allSatisfy { $0.stored.dictionaryCount == 1 })
        // The second English segment keeps the first one's dictionary; the Russian text gets its own.
        #expect(trained == 2, "one dictionary for the English text, one for the Russian")
        let (distinct, firstTwoSame, lastNew) = (Set(dictionaries).count, dictionaries[0] == dictionaries[1], dictionaries[0] != dictionaries.last)
        #expect(distinct == 2)
        #expect(firstTwoSame)
        #expect(lastNew)

        let chunks = flushed.reduce(0) { $0 + $1.stored.chunkCount }
        try session(directory, [], merge: true)
        let reader = try IndexReader(directory: directory)
        let merged = try #require(reader.segments.first)
        #expect(reader.segments.count == 1)
        #expect(merged.stored.chunkCount == chunks, "chunks were recompressed instead of copied")
        // Each distinct dictionary once.
        #expect(merged.stored.dictionaryCount == 2)
        let sameDictionaries = Set((1...2).map { Array(merged.stored.dictionaryBytes($0)) }) == Set(dictionaries)
        #expect(sameDictionaries)
        // A reader digests a dictionary only when it reads a chunk compressed with it.
        let fresh = try #require(try IndexReader(directory: directory).segments.first)
        #expect(fresh.stored.digestedDictionaryCount == 0)
        _ = try fresh.storedFields(0, id: try fresh.documentID(0))
        _ = try fresh.storedFields(1, id: try fresh.documentID(1))
        #expect(fresh.stored.digestedDictionaryCount == 1)
        _ = try fresh.storedFields(fresh.maxDoc - 1, id: try fresh.documentID(fresh.maxDoc - 1))
        #expect(fresh.stored.digestedDictionaryCount == 2)
        try expectStored(reader, all)
        #expect(IndexChecker(directory: directory).check().problems.isEmpty)
    }

    /// Documents serialized as stored (names numbered in order of first use), for `compressedSize`.
    private func serialized(_ docs: [AnalyzedDocument]) -> StoredTrainingSample.Documents {
        var numbers: [String: Int] = [:]
        var out = StoredTrainingSample.Documents()
        for doc in docs {
            var bytes = ByteWriter()
            StoredFieldsWriter.serialize(doc.storedFields, id: doc.id, into: &bytes) { name in
                if let number = numbers[name] { return number }
                numbers[name] = numbers.count + 1
                return numbers.count
            }
            out.bytes += bytes.bytes
            out.lengths.append(bytes.count)
        }
        return out
    }

    /// One segment whose text changes character (2,000 English documents, then 1,000 Russian ones, each
    /// part more than the 1 MiB training size) gets a dictionary trained on documents from all of it, not
    /// only its first ones: it compresses the Russian text far better than a dictionary of the first
    /// documents does, and the English text about as well.
    @Test func aSegmentsDictionaryIsTrainedOnDocumentsFromAllOfIt() throws {
        let english = documents(latin, count: 2_000, prefix: "en/", seed: 31)
        let russian = documents(cyrillic, count: 1_000, prefix: "ru/", seed: 32)
        let directory = MemoryDirectory()
        try session(directory, [english + russian])
        let segment = try #require(try IndexReader(directory: directory).segments.first)
        #expect(segment.stored.dictionaryCount == 1)
        let dictionary = Array(segment.stored.dictionaryBytes(1))
        // What training on the segment's first 1 MiB gives: a dictionary of English text only.
        let firstOnly = serialized(english)
        var firstMiB = 0
        while firstOnly.lengths[..<firstMiB].reduce(0, +) < 1 << 20 { firstMiB += 1 }
        let prefix = firstOnly.lengths[..<firstMiB].reduce(0, +)
        let englishDictionary = StoredFieldsWriter.trainedDictionary(held: Array(firstOnly.bytes[..<prefix]),
                                                                     lengths: Array(firstOnly.lengths[..<firstMiB]))
        #expect(!englishDictionary.isEmpty)
        let russianText = serialized(russian)
        let spread = try #require(StoredDictionaryTraining.compressedSize(russianText, dictionary: dictionary))
        let first = try #require(StoredDictionaryTraining.compressedSize(russianText, dictionary: englishDictionary))
        #expect(Double(spread) < 0.9 * Double(first), "Russian text: \(spread) bytes against \(first) with the first documents' dictionary")
        let spreadEnglish = try #require(StoredDictionaryTraining.compressedSize(firstOnly, dictionary: dictionary))
        let firstEnglish = try #require(StoredDictionaryTraining.compressedSize(firstOnly, dictionary: englishDictionary))
        #expect(Double(spreadEnglish) < 1.1 * Double(firstEnglish))
        try expectStored(try IndexReader(directory: directory), english + russian)
    }

    /// Segments smaller than the training size (a small RAM budget) still get new dictionaries: a trainer
    /// goes on over several segments, and the next segment after its training takes the result.
    @Test func segmentsSmallerThanTheTrainingSizeShareATrainerAndStillChangeDictionary() throws {
        let groups = (0..<6).map { documents(latin, count: 300, prefix: "en\($0)/", seed: 70 + UInt64($0)) }
            + (0..<8).map { documents(cyrillic, count: 300, prefix: "ru\($0)/", seed: 80 + UInt64($0)) }
        let directory = MemoryDirectory()
        let trained = try session(directory, groups)
        let flushed = try IndexReader(directory: directory).segments
        #expect(flushed.count == groups.count)
        // About 400 KB per segment, 1 MiB of training: no single segment is enough.
        #expect(flushed.allSatisfy { $0.stored.dictionaryCount == 1 })
        let first = Array(flushed[0].stored.dictionaryBytes(1))
        let last = Array(flushed[flushed.count - 1].stored.dictionaryBytes(1))
        #expect(trained >= 1)
        let changed = first != last
        #expect(changed, "the Russian segments kept the first English segment's dictionary")
        let sizes = flushed.map { $0.stored.chunkCount }
        try session(directory, [], merge: true)
        let reader = try IndexReader(directory: directory)
        let merged = try #require(reader.segments.first)
        #expect(reader.segments.count == 1)
        #expect(merged.stored.chunkCount == sizes.reduce(0, +))
        #expect(merged.stored.dictionaryCount >= 2)
        try expectStored(reader, groups.flatMap { $0 })
        #expect(IndexChecker(directory: directory).check().problems.isEmpty)
    }

    /// The path of a large build: many small segments, each with its own dictionary or none, merged in
    /// rounds (merged segments merged again), every chunk copied with its dictionary and read back exactly.
    @Test func manySmallSegmentsMergeInRoundsCopyingChunksOfSeveralDictionaries() throws {
        let directory = MemoryDirectory()
        var all: [AnalyzedDocument] = []
        var flushedChunks = 0
        for (round, words) in [latin, cyrillic, greek, latin].enumerated() {
            let docs = documents(words, count: 1_000, prefix: "r\(round)/", seed: 20 + UInt64(round))
            // Small segments of their own (too small to train on: they take the last dictionary).
            let few = documents(words, count: 30 + round, prefix: "s\(round)/", seed: 40 + UInt64(round))
            all += docs + few
            try session(directory, [docs, few])
        }
        let flushed = try IndexReader(directory: directory).segments
        flushedChunks = flushed.reduce(0) { $0 + $1.stored.chunkCount }
        #expect(flushed.count >= 8)
        try expectStored(try IndexReader(directory: directory), all)

        try session(directory, [], merge: true)
        let reader = try IndexReader(directory: directory)
        #expect(reader.segments.count == 1)
        let merged = try #require(reader.segments.first)
        #expect(merged.stored.chunkCount == flushedChunks, "chunks were recompressed instead of copied")
        // Latin, Cyrillic and Greek text each have a dictionary (the Latin one of round 3 is kept or
        // trained again): at least three distinct dictionaries, none twice.
        let distinct = Set((0..<merged.stored.dictionaryCount).map { Array(merged.stored.dictionaryBytes($0 + 1)) })
        #expect(merged.stored.dictionaryCount >= 3)
        #expect(distinct.count == merged.stored.dictionaryCount)
        try expectStored(reader, all)
        #expect(IndexChecker(directory: directory).check().problems.isEmpty)

        // More documents, then a merge of the merged segment with the new ones.
        let more = documents(greek, count: 900, prefix: "more/", seed: 60)
        all += more
        try session(directory, [more], merge: true)
        let again = try IndexReader(directory: directory)
        #expect(again.segments.count == 1)
        let remerged = try #require(again.segments.first)
        #expect(remerged.stored.dictionaryCount >= merged.stored.dictionaryCount)
        try expectStored(again, all)
        #expect(IndexChecker(directory: directory).check().problems.isEmpty)
    }
}
