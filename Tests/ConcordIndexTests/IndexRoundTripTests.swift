import Testing
@testable import ConcordIndex
import ConcordStorage

let vocabulary = (0..<40).map { "w\($0)" } + ["é", "пакт", "停战", "a-b"]

private func build(_ docs: [PlainDocument], in directory: Directory, ramBudget: Int = 1 << 30) throws {
    let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: ramBudget)
    for doc in docs { try writer.addDocument(doc.analyzed) }
    try writer.commit(userData: [1, 2, 3])
    writer.close()
}

// MARK: - Round trip against the oracle

@Test(arguments: [UInt64(1), 2, 3])
func postingsMatchOracle(seed: UInt64) throws {
    let docs = randomDocuments(count: 700, vocabulary: vocabulary, seed: seed)
    let directory = MemoryDirectory()
    try build(docs, in: directory, ramBudget: 60_000)   // several segments
    let reader = try IndexReader(directory: directory)
    #expect(reader.segments.count > 1, "seed \(seed): the small RAM budget should flush several segments")
    #expect(reader.liveDocumentCount == docs.count)
    #expect(reader.commit.userData == [1, 2, 3])
    for term in vocabulary {
        let expected = expectedPostings(docs, term: term)
        let actual = try actualPostings(reader, term: term)
        #expect(actual == expected, "seed \(seed), term \(term)")
        #expect(try reader.liveDocumentFrequency(term) == expected.count)
    }
    for f in 0..<3 {
        #expect(reader.totalFieldLength(field: f) == docs.reduce(0) { $0 + $1.fields[f].count })
    }
    #expect(try reader.segments[0].postings(for: "absent") == nil)
}

@Test func storedFieldsAndLengthsRoundTrip() throws {
    let docs = randomDocuments(count: 300, vocabulary: vocabulary, seed: 9)
    let directory = MemoryDirectory()
    try build(docs, in: directory)
    let reader = try IndexReader(directory: directory)
    let segment = try #require(reader.segments.first)
    for (i, doc) in docs.enumerated() {
        #expect(try segment.documentID(i) == doc.id)
        let stored = try segment.storedFields(i)
        #expect(stored.first { $0.name == "title" }?.value == doc.fields[0].joined(separator: " "))
        #expect(stored.first { $0.name == "body" }?.value == doc.fields[2].joined(separator: " "))
        for f in 0..<3 { #expect(segment.fieldLength(i, field: f) == doc.fields[f].count) }
    }
}

@Test func advanceMatchesLinearScan() throws {
    // Few terms, many documents: long postings with several full blocks and a tail.
    let docs = randomDocuments(count: 1500, vocabulary: ["x", "y", "z"], seed: 5)
    let directory = MemoryDirectory()
    try build(docs, in: directory)
    let segment = try #require(try IndexReader(directory: directory).segments.first)
    var rng = SeededGenerator(seed: 11)
    for term in ["x", "y", "z"] {
        var all: [Int32] = []
        var scan = try #require(try segment.postings(for: term))
        while try scan.next() != SegmentPostings.exhausted { all.append(scan.doc) }
        #expect(all.count > 300)
        var cursor = try #require(try segment.postings(for: term))
        var target: Int32 = 0
        while target < 1600 {
            let got = try cursor.advance(to: target)
            let want = all.first { $0 >= target } ?? SegmentPostings.exhausted
            #expect(got == want, "advance(to: \(target)) for \(term)")
            if got == SegmentPostings.exhausted { break }
            let expected = expectedPostings(docs, term: term)[docs[Int(got)].id]
            // Decoding into a reused array (as the phrase scan does) reads the same positions.
            var reused: [Int32] = [-1]
            let decodedInto = try (0..<3).map { field -> [Int32] in
                try cursor.positions(inField: field, into: &reused)
                return reused
            }
            #expect(decodedInto == expected?.positions)
            #expect(try (0..<3).map { try cursor.positions(inField: $0) } == expected?.positions)
            // Short and long jumps: within a block, to the next one, and many blocks ahead (galloping).
            target = got + Int32.random(in: 1...(Bool.random(using: &rng) ? 300 : 1200), using: &rng)
        }
    }
}

/// Positions are decoded one field at a time and skipped (documents not asked for, earlier fields) by
/// counting varint end bytes: any field, in any order, after any documents passed over, must read back
/// exactly. Long bodies give multi-byte position deltas; few terms give postings of many blocks.
@Test(arguments: [UInt64(31), 32])
func positionsOfAnyFieldReadBackAfterSkippedDocuments(seed: UInt64) throws {
    var rng = SeededGenerator(seed: seed)
    let words = ManyBlockPositions.words
    let docs = ManyBlockPositions.documents(&rng)
    let directory = MemoryDirectory()
    try build(docs, in: directory)
    let segment = try #require(try IndexReader(directory: directory).segments.first)
    for term in words {
        let expected = expectedPostings(docs, term: term)
        var cursor = try #require(try segment.postings(for: term))
        var checked = 0
        while try cursor.next() != SegmentPostings.exhausted {
            let want = try #require(expected[docs[Int(cursor.doc)].id])
            // Frequencies read straight from the packed block agree with the oracle; some documents
            // unpack the block's frequencies first (positions are then skipped with unpacked values,
            // otherwise with sums over the packed runs).
            let counts = want.positions.map(\.count)
            let current = cursor.currentFrequencies()
            #expect([current.0, current.1, current.2] == counts, "\(term) \(cursor.doc)")
            if rng.next() % 4 == 0 { #expect(cursor.frequency(inField: 2) == counts[2]) }
            // Some documents are passed over; others read one to four fields in a random order.
            guard rng.next() % 3 != 0 else { continue }
            for _ in 0..<Int(1 + rng.next() % 4) {
                let field = Int(rng.next() % 3)
                #expect(try cursor.positions(inField: field) == want.positions[field], "\(term) \(cursor.doc) field \(field)")
                checked += 1
            }
        }
        #expect(checked > 100)
    }
}

/// Reading a document's frequencies (`currentFrequencies`, which a phrase scan checks before it reads
/// any positions) leaves a full block's frequencies packed; the block's first position seek unpacks
/// them (its later seeks and frequency reads then read plain arrays), and the positions equal the
/// oracle's either way.
@Test func currentFrequenciesLeaveABlocksFrequenciesPackedAndPositionsUnpackThem() throws {
    let docs = randomDocuments(count: 900, vocabulary: ["x", "y"], seed: 21)
    let directory = MemoryDirectory()
    try build(docs, in: directory)
    let segment = try #require(try IndexReader(directory: directory).segments.first)
    let expected = expectedPostings(docs, term: "x")
    var cursor = try #require(try segment.postings(for: "x"))
    #expect(cursor.documentFrequency >= 3 * BitPacking.blockSize)
    // A document well inside the second block, itself full.
    let doc = try cursor.advance(to: Int32(try #require(docs.firstIndex { expected[$0.id] != nil && Int($0.id.dropFirst(3))! > 200 })))
    let want = try #require(expected[docs[Int(doc)].id])
    let frequencies = cursor.currentFrequencies()
    #expect([frequencies.0, frequencies.1, frequencies.2] == want.frequencies)
    #expect(cursor.buffers.deferred.pointee.isPending, "reading the frequencies unpacked the block's")
    var positions: [Int32] = []
    for field in [2, 0, 1] {
        try cursor.positions(inField: field, into: &positions)
        #expect(positions == want.positions[field])
    }
    #expect(!cursor.buffers.deferred.pointee.isPending, "the position seek left the block's frequencies packed")
    #expect(cursor.frequency(inField: 2) == want.frequencies[2])
}

/// Block-at-a-time reading: every block's documents, its frequencies read by index without unpacking
/// (`blockFrequencyView`, kept and read after the cursor has moved on, as ranked ORs do) and unpacked
/// (`blockFrequencies`, which unpack on first use), and the skip data's bounds, all agree with the oracle.
@Test func blocksReadByIndexMatchTheOracle() throws {
    // Common terms over many documents: full packed blocks, varied widths, and a short tail block.
    let docs = randomDocuments(count: 1500, vocabulary: ["x", "y", "z", "w1", "w2", "w3", "w4", "w5"], seed: 6)
    let directory = MemoryDirectory()
    try build(docs, in: directory)
    let segment = try #require(try IndexReader(directory: directory).segments.first)
    for term in ["x", "y", "z", "w1", "w5"] {
        let expected = expectedPostings(docs, term: term)
        var cursor = try #require(try segment.postings(for: term))
        var kept: [(view: BlockFrequencyView, index: Int, doc: Int32)] = []
        var seen = 0, blocks = 0
        var previousLast: Int32 = -1
        while true {
            let count = try cursor.nextBlock()
            if count == 0 { break }
            blocks += 1
            let view = cursor.blockFrequencyView()
            #expect(cursor.blockLastDocument == cursor.blockDocument(count - 1))
            #expect(cursor.blockDocument(0) > previousLast)
            previousLast = cursor.blockLastDocument
            var largest = (0, 0, 0)
            var largestPseudo = 0.0
            for i in 0..<count {
                let doc = cursor.blockDocument(i)
                let f = cursor.blockFrequencies(i), d = Int(doc)
                largestPseudo = max(largestPseudo, segment.blockScoreParameters.pseudoFrequency(
                    frequencies: (UInt32(f.0), UInt32(f.1), UInt32(f.2)),
                    lengths: (UInt32(segment.fieldLength(d, field: 0)), UInt32(segment.fieldLength(d, field: 1)),
                              UInt32(segment.fieldLength(d, field: 2)))))
                let want = try #require(expected[docs[Int(doc)].id], "\(term): document \(doc) is not in the oracle")
                let fromView = view.frequencies(at: i)
                #expect([fromView.0, fromView.1, fromView.2] == want.frequencies, "\(term) block \(blocks) index \(i)")
                kept.append((view, i, doc))
                largest = (max(largest.0, fromView.0), max(largest.1, fromView.1), max(largest.2, fromView.2))
                seen += 1
            }
            // Unpacking after the view was read gives the same values.
            for i in 0..<count {
                let unpacked = cursor.blockFrequencies(i)
                #expect(unpacked == view.frequencies(at: i))
            }
            if let bounds = cursor.skipBounds(), let maxFrequency = bounds.maxFrequency {
                #expect(maxFrequency == largest, "\(term) block \(blocks): the skip entry's largest frequencies")
            }
            // The largest pseudo-frequency, rounded up to a Float: never below a document's, within a Float's step.
            let stored = try #require(cursor.blockSkipBounds()?.maxPseudoFrequency, "\(term) block \(blocks)")
            #expect(stored >= largestPseudo && stored <= largestPseudo * (1 + 1e-6), "\(term) block \(blocks): \(stored) vs \(largestPseudo)")
        }
        #expect(seen == expected.count)
        #expect(blocks > 2, "\(term) should span several blocks")
        // Views stay readable after the cursor has moved past their block.
        for (view, index, doc) in kept {
            let f = view.frequencies(at: index)
            #expect([f.0, f.1, f.2] == expected[docs[Int(doc)].id]?.frequencies)
        }
        // Document at a time, with frequencies read only on some documents (the rest stay packed).
        var sparse = try #require(try segment.postings(for: term))
        var n = 0
        while try sparse.next() != SegmentPostings.exhausted {
            n += 1
            if n % 7 == 0 {
                let want = expected[docs[Int(sparse.doc)].id]?.frequencies
                #expect((0..<3).map { sparse.frequency(inField: $0) } == want)
            }
        }
    }
}

// MARK: - Deletions and merges

/// A reader remembers its last few term lookups (and live counts): asking again, in any order and past
/// what it remembers, gives what a fresh reader says, with deletions too.
@Test func repeatedTermLookupsAnswerAsFreshOnes() throws {
    let docs = randomDocuments(count: 400, vocabulary: vocabulary, seed: 33)
    let directory = MemoryDirectory()
    let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: 1 << 24)
    for doc in docs { try writer.addDocument(doc.analyzed) }
    try writer.commit(userData: [])
    var rng = SeededGenerator(seed: 8)
    let removed = Set(docs.filter { _ in rng.next() % 4 == 0 }.map(\.id))
    _ = try writer.deleteDocuments(withIDs: removed)
    try writer.commit(userData: [])
    writer.close()
    let live = docs.filter { !removed.contains($0.id) }
    let reader = try IndexReader(directory: directory)
    let terms = vocabulary + ["absent", "zzz"]
    #expect(terms.count > 16, "more terms than the reader remembers")
    for order in [terms, terms.reversed(), terms.shuffled(using: &rng), terms.shuffled(using: &rng)] {
        for term in order {
            let expected = expectedPostings(live, term: term).count
            #expect(try reader.liveDocumentFrequency(term) == expected, "term \(term)")
            #expect(try actualPostings(reader, term: term) == expectedPostings(live, term: term), "term \(term)")
        }
    }
}

@Test func deletionsAndMergesKeepLiveDocumentsExact() throws {
    let docs = randomDocuments(count: 900, vocabulary: vocabulary, seed: 21)
    let directory = MemoryDirectory()
    let writer = try IndexWriter(directory: directory, settings: "{}", ramBudget: 40_000)
    writer.mergePolicy = TieredMergePolicy(mergeFactor: 3, floorDocuments: 50)
    for doc in docs[..<600] { try writer.addDocument(doc.analyzed) }
    try writer.commit(userData: [])
    var rng = SeededGenerator(seed: 4)
    let removed = Set(docs[..<600].filter { _ in rng.next() % 3 == 0 }.map(\.id))
    #expect(try writer.deleteDocuments(withIDs: removed) == removed.count)
    for doc in docs[600...] { try writer.addDocument(doc.analyzed) }
    try writer.commit(userData: [])
    writer.close()

    let live = docs.filter { !removed.contains($0.id) }
    let reader = try IndexReader(directory: directory)
    #expect(reader.liveDocumentCount == live.count)
    #expect(reader.segments.count < 10, "merges keep the segment count small")
    for term in vocabulary {
        #expect(try actualPostings(reader, term: term) == expectedPostings(live, term: term), "term \(term)")
        #expect(try reader.liveDocumentFrequency(term) == expectedPostings(live, term: term).count)
    }
    for f in 0..<3 {
        #expect(reader.totalFieldLength(field: f) == live.reduce(0) { $0 + $1.fields[f].count })
    }
    // Stored fields survive merges, whether chunks were copied (no deletions) or rewritten.
    let byID = Dictionary(uniqueKeysWithValues: live.map { ($0.id, $0) })
    var seen = 0
    for segment in reader.segments {
        for doc in 0..<segment.maxDoc where segment.isLive(doc) {
            let id = try segment.documentID(doc)
            let stored = try segment.storedFields(doc)
            let expected = try #require(byID[id])
            #expect(stored.first { $0.name == "id" }?.value == id)
            #expect(stored.first { $0.name == "title" }?.value == expected.fields[0].joined(separator: " "))
            #expect(stored.first { $0.name == "body" }?.value == expected.fields[2].joined(separator: " "))
            for f in 0..<3 { #expect(segment.fieldLength(doc, field: f) == expected.fields[f].count) }
            seen += 1
        }
    }
    #expect(seen == live.count)

    // Only the commit's files (and the lock) remain.
    let expectedFiles = Set(reader.commit.fileNames + ["write.lock"]).subtracting(["write.lock"])
    #expect(Set(try directory.listFiles()) == expectedFiles)
}
