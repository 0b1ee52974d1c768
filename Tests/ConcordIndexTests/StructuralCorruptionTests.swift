import Foundation
import Testing
@testable import ConcordIndex
import ConcordStorage

/// Damage that passes the checksum (the footer is recomputed after the damage, as a buggy writer or a
/// deliberate edit would leave it) must still give errors, never a crash: every length, offset and
/// count read from a file is checked before it is trusted. And `IndexChecker` must notice every damage
/// that changes what a search reads.
@Suite struct StructuralCorruptionTests {
    /// Two segments (one with skip tables and deletions), so searches, checks and merges see every structure.
    static func twoSegmentIndex() throws -> MemoryDirectory {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        writer.mergePolicy = TieredMergePolicy(mergeFactor: 100)
        for doc in randomDocuments(count: 140, vocabulary: ["w1", "w2", "w3", "w4"], seed: 5) { try writer.addDocument(doc.analyzed) }
        try writer.commit(userData: [7])
        for doc in randomDocuments(count: 20, vocabulary: ["w1", "w5", "w6"], seed: 6, idPrefix: "b") { try writer.addDocument(doc.analyzed) }
        try writer.deleteDocuments(withIDs: ["doc3", "doc130"])
        try writer.commit(userData: [8])
        writer.close()
        return directory
    }

    static let terms = ["w1", "w2", "w3", "w4", "w5", "w6", "absent", "w"]

    /// The checker with the test corpus's analysis (stored title, summary and body are the indexed words
    /// joined by spaces), as `concord check` runs it with the index's analyzer.
    static func check(_ directory: Directory) -> IndexChecker.Report {
        IndexChecker(directory: directory, reanalyze: { stored in
            ["title", "summary", "body"].map { name in
                (stored.first { $0.name == name }?.value ?? "").split(separator: " ").enumerated().map { (String($0.element), $0.offset) }
            }
        }).check()
    }

    /// Everything a search reads, as comparable lines: live documents with ids, stored fields and
    /// lengths; each term's live postings with frequencies and positions; the collection statistics.
    static func answers(_ segments: [SegmentReader]) throws -> [String] {
        var lines: [String] = []
        var frequencies: [String: Int] = [:]
        var prefixed = Set<String>()
        for segment in segments {
            for doc in 0..<segment.maxDoc where segment.isLive(doc) {
                let lengths = (0..<IndexField.count).map { segment.fieldLength(doc, field: $0) }
                let stored = try segment.storedFields(doc).map { "\($0.name)=\($0.value)" }
                lines.append("doc \(try segment.documentID(doc)) \(lengths) \(stored)")
            }
            for term in terms {
                frequencies[term, default: 0] += try segment.liveDocumentFrequency(term)
                guard var cursor = try segment.postings(for: term) else { continue }
                while try cursor.next() != SegmentPostings.exhausted {
                    let doc = Int(cursor.doc)
                    guard segment.isLive(doc) else { continue }
                    let positions = try (0..<IndexField.count).map { try cursor.positions(inField: $0) }
                    lines.append("posting \(term) \(try segment.documentID(doc)) \(positions)")
                }
                // Skipping (through the skip table) must reach every third document the scan reached.
                var skipping = try #require(try segment.postings(for: term))
                var target: Int32 = 0
                while try skipping.advance(to: target) != SegmentPostings.exhausted {
                    if segment.isLive(Int(skipping.doc)) { lines.append("reached \(term) \(try segment.documentID(Int(skipping.doc)))") }
                    target = skipping.doc + 3
                }
            }
            try segment.forEachTerm(withPrefix: Array("w".utf8)) { term, _ in
                prefixed.insert(String(decoding: term, as: UTF8.self))
                return true
            }
            // The skipping walk (fuzzy terms, "did you mean"): every third visited term skips its first
            // byte's run, so entries are stepped over inside blocks and blocks jumped.
            var walked: [String] = []
            try segment.walkTerms { term, shared, df in
                walked.append("\(String(decoding: term, as: UTF8.self))/\(shared)/\(df)")
                return walked.count % 3 == 0 ? .skip(prefixLength: 1) : .next
            }
            lines.append("walked \(walked)")
        }
        lines += frequencies.map { "df \($0.key) \($0.value)" }
        lines.append("prefixed \(prefixed.sorted())")
        let totals = segments.map { $0.liveFieldLengths }.reduce([0, 0, 0]) { zip($0, $1).map(+) }
        lines.append("totals \(totals)")
        return lines.sorted()
    }

    /// A short account of how `actual` differs from `expected`.
    static func difference(_ actual: [String], _ expected: [String]) -> String {
        let missing = Set(expected).subtracting(actual), extra = Set(actual).subtracting(expected)
        return "missing \(missing.sorted().prefix(2).map { $0.prefix(80) }), extra \(extra.sorted().prefix(2).map { $0.prefix(80) })"
    }

    static func fields(of name: String, in directory: MemoryDirectory, bytes: [UInt8]) throws -> [FileField] {
        guard name.hasSuffix(".doc") || name.hasSuffix(".pos") else { return try FileFieldMap.fields(of: name, bytes: bytes) }
        let segment = try #require(try IndexReader(directory: directory).segments.first {
            "\($0.info.name).doc" == name || "\($0.info.name).pos" == name
        })
        var iterator = try segment.termIterator()
        var term: [UInt8] = []
        var infos: [TermInfo] = []
        while let next = try iterator.next(into: &term) { infos.append(next) }
        if name.hasSuffix(".doc") { return try FileFieldMap.postingsFields(bytes: bytes, terms: infos) }
        // Each term's position values: the sum of its frequencies.
        let terms = try infos.map { info in
            var cursor = segment.postings(info)
            var values = 0
            while try cursor.next() != SegmentPostings.exhausted {
                values += (0..<IndexField.count).reduce(0) { $0 + cursor.frequency(inField: $1) }
            }
            return (info: info, valueCount: values)
        }
        return try FileFieldMap.positionFields(bytes: bytes, terms: terms)
    }

    /// Sets every mapped field (a seeded sample of them in large files) to boundary values and malformed
    /// encodings, recomputes the footer, and then searches, checks and merges: none may trap; when
    /// `check` passes, the search and the merged segment must read exactly what the undamaged index held.
    @Test func boundaryValuesInEveryFieldNeverTrapOrPassCheckWithAnotherAnswer() throws {
        let directory = try Self.twoSegmentIndex()
        let baseline = try Self.answers(IndexReader(directory: directory).segments)
        let mergedBaseline = try Self.mergeEverything(directory)
        let perFile = Int(ProcessInfo.processInfo.environment["CONCORD_MUTATION_FIELDS"] ?? "") ?? 12
        var rng = SeededGenerator(seed: 11)
        var mutations = 0
        var detected = 0
        var harmless = 0
        for name in try directory.listFiles() where name != "write.lock" {
            let original = try #require(directory.contents(of: name))
            var fields = try Self.fields(of: name, in: directory, bytes: original)
            if fields.count > perFile {
                // Keep every distinct kind of field, then a seeded sample of the rest.
                var chosen: [FileField] = []
                for what in Set(fields.map(\.what)).sorted() { chosen.append(fields.first { $0.what == what }!) }
                while chosen.count < perFile { chosen.append(fields[rng.int(0...(fields.count - 1))]) }
                fields = chosen
            }
            for field in fields {
                let encodings = field.boundaryValues(fileSize: original.count).map(field.encoded) + field.malformedEncodings
                for encoding in encodings {
                    var damaged = original
                    damaged.replaceSubrange(field.offset..<(field.offset + field.length), with: encoding)
                    refreshFooter(&damaged)
                    directory.overwrite(name, with: damaged)
                    mutations += 1
                    let label = "\(name) \(field.what) at \(field.offset) := \(encoding)"
                    let healthy = Self.check(directory).isHealthy
                    let searched = (try? IndexReader(directory: directory)).map { reader in
                        (try? Self.answers(reader.segments)) ?? ["error"]
                    } ?? ["error on open"]
                    if healthy {
                        #expect(searched == baseline, "check passes but a search reads something else: \(label): \(Self.difference(searched, baseline))")
                    }
                    if searched == baseline { harmless += 1 } else if !healthy { detected += 1 }
                    let merged = try Self.mergeEverything(directory)
                    if healthy {
                        #expect(merged == mergedBaseline, "check passes but a merge changes the index: \(label): \(Self.difference(merged ?? [], mergedBaseline ?? []))")
                    }
                }
            }
            directory.overwrite(name, with: original)
        }
        print("structural damage: \(mutations) mutations, \(detected) detected by check, \(harmless) changed nothing a search reads")
        #expect(mutations >= 1000, "\(mutations) mutations")
        #expect(detected > mutations / 4, "\(detected) of \(mutations) mutations detected, \(harmless) harmless")
        #expect(Self.check(directory).isHealthy)
    }

    /// Merges every segment of the damaged index into a new one (as `concord index` would) and returns
    /// what the merged segment holds; nil when opening or merging throws (a trap would end the test).
    static func mergeEverything(_ directory: MemoryDirectory) throws -> [String]? {
        guard let reader = try? IndexReader(directory: directory) else { return nil }
        let name = "segmerged"
        defer { for ext in SegmentFiles.extensions { try? directory.delete("\(name).\(ext)") } }
        guard let merged = try? SegmentMerger(directory: directory).merge(reader.segments.map { ($0, $0.deletions) }, into: name) else {
            return nil
        }
        // A merge copies what it reads: damage that `check` reports may end up in the merged segment.
        do {
            return try Self.answers([try SegmentReader(directory: directory, info: merged, verifyChecksums: true)])
        } catch {
            return ["merged segment unreadable: \(error)"]
        }
    }

    /// Random flips anywhere (packed bits, term bytes, zstd frames included) with the footer recomputed:
    /// searches, checks and merges may fail, never trap (CONCORD_CORRUPTION_SAMPLES for a longer run).
    @Test func flippedBytesWithValidChecksumsNeverCrash() throws {
        let directory = try Self.twoSegmentIndex()
        let seed = UInt64(ProcessInfo.processInfo.environment["CONCORD_CORRUPTION_SEED"] ?? "") ?? 77
        let samples = Int(ProcessInfo.processInfo.environment["CONCORD_CORRUPTION_SAMPLES"] ?? "") ?? 40
        var rng = SeededGenerator(seed: seed)
        for name in try directory.listFiles() where name != "write.lock" {
            let original = try #require(directory.contents(of: name))
            for _ in 0..<samples {
                var damaged = original
                damaged[rng.int(0...(original.count - 17))] ^= rng.pick([0x01, 0x80, 0xFF] as [UInt8])
                refreshFooter(&damaged)
                directory.overwrite(name, with: damaged)
                _ = IndexChecker(directory: directory).check()
                if let reader = try? IndexReader(directory: directory) { _ = try? Self.answers(reader.segments) }
                _ = try Self.mergeEverything(directory)
            }
            directory.overwrite(name, with: original)
        }
        #expect(IndexChecker(directory: directory).check().isHealthy)
    }

    @Test func anOverlongPositionVarintIsAnErrorNamingTheFile() throws {
        let directory = try Self.twoSegmentIndex()
        let name = try #require(try directory.listFiles().first { $0.hasSuffix(".pos") })
        var damaged = try #require(directory.contents(of: name))
        let first = try #require(try Self.fields(of: name, in: directory, bytes: damaged).first { $0.what == "position" })
        damaged.replaceSubrange(first.offset..<(first.offset + first.length), with: Array(repeating: 0xFF, count: 9) + [0x7F])
        refreshFooter(&damaged)
        directory.overwrite(name, with: damaged)
        let report = IndexChecker(directory: directory).check()
        #expect(report.problems.contains { $0.contains(name) }, "\(report.problems)")
        let reader = try IndexReader(directory: directory)
        #expect(throws: StorageError.self) { _ = try Self.answers(reader.segments) }
        #expect(throws: StorageError.self) {
            _ = try SegmentMerger(directory: directory).merge(reader.segments.map { ($0, $0.deletions) }, into: "segmerged")
        }
    }

    /// A tail frequency damaged to 2^31 − 1 (a term of fewer than 128 documents, whose count of position
    /// values is the sum of its frequencies) is an error naming the segment's files, thrown before a cursor sizes its
    /// position buffer by it (it asked for 8 GiB).
    @Test func aHugeTailFrequencyIsRefusedBeforeABufferIsSizedByIt() throws {
        let directory = try Self.twoSegmentIndex()
        let docs = try directory.listFiles().filter { $0.hasSuffix(".doc") }
        let name = try #require(try docs.min { try directory.fileSize($0) < directory.fileSize($1) })
        var damaged = try #require(directory.contents(of: name))
        let field = try #require(try Self.fields(of: name, in: directory, bytes: damaged).first { $0.what == "frequency" })
        damaged.replaceSubrange(field.offset..<(field.offset + field.length), with: [0xFE, 0xFF, 0xFF, 0xFF, 0x07])
        refreshFooter(&damaged)
        directory.overwrite(name, with: damaged)
        var failures = 0
        var largestBuffer = 0
        for segment in try IndexReader(directory: directory).segments {
            for term in Self.terms {
                guard var cursor = try segment.postings(for: term) else { continue }
                while try cursor.next() != SegmentPostings.exhausted {
                    for f in 0..<IndexField.count {
                        do { _ = try cursor.positions(inField: f) } catch let error as StorageError {
                            // Named by the segment's `.doc` or `.pos` (where the count no longer fits).
                            #expect("\(error)".contains(String(name.dropLast(4)) + "."))
                            failures += 1
                        }
                    }
                }
                largestBuffer = max(largestBuffer, cursor.buffers.scratchCapacity)
            }
        }
        #expect(failures > 0)
        #expect(largestBuffer <= 1 << 16, "a position buffer of \(largestBuffer) values")
        let segmentFiles = String(name.dropLast(4)) + "."
        #expect(IndexChecker(directory: directory).check().problems.contains { $0.contains(segmentFiles) })
    }

    /// "w2" renamed "w12" (its prefix length one longer) keeps the dictionary sorted and every offset
    /// valid; only analysing the stored text again shows the index no longer holds what it says.
    @Test func aTermRenamedInOrderFailsCheckThroughTheStoredText() throws {
        let directory = try Self.twoSegmentIndex()
        let name = try #require(try directory.listFiles().first { $0.hasSuffix(".tdi") })
        var damaged = try #require(directory.contents(of: name))
        // An entry head is prefix length << 3 | suffix length (index format 7): prefix 1 becomes 2.
        let head = try #require(try FileFieldMap.fields(of: name, bytes: damaged).first { $0.what == "entry head" && $0.value >> 3 == 1 })
        damaged.replaceSubrange(head.offset..<(head.offset + 1), with: [UInt8(head.value + 8)])
        refreshFooter(&damaged)
        directory.overwrite(name, with: damaged)
        #expect(IndexChecker(directory: directory).check().isHealthy, "structure alone cannot tell")
        let report = Self.check(directory)
        #expect(report.problems.contains { $0.contains("stored text") }, "\(report.problems)")
    }

    @Test func aTermBlockOffsetPointingAtTheNextBlockFailsCheck() throws {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        let vocabulary = (0..<100).map { "term\($0)" }
        for doc in randomDocuments(count: 50, vocabulary: vocabulary, seed: 3) { try writer.addDocument(doc.analyzed) }
        try writer.commit(userData: [])
        writer.close()
        let name = try #require(try directory.listFiles().first { $0.hasSuffix(".tdi") })
        var damaged = try #require(directory.contents(of: name))
        let offsets = try FileFieldMap.fields(of: name, bytes: damaged).filter { $0.what == "block offset" }
        #expect(offsets.count >= 3)
        // Block 1 now starts where block 2 does.
        damaged.replaceSubrange(offsets[1].offset..<(offsets[1].offset + 4), with: offsets[1].encoded(offsets[2].value))
        refreshFooter(&damaged)
        directory.overwrite(name, with: damaged)
        let report = IndexChecker(directory: directory).check()
        #expect(!report.isHealthy)
        #expect(report.problems.contains { $0.contains(name) && $0.contains("block 1") }, "\(report.problems)")
    }

    /// A block's pseudo-frequency bound lowered (so that pruning would skip documents that can enter a
    /// page) and a block-bound parameter changed: neither changes what a search reads document by
    /// document, so `check` must report each, naming the `.doc` file.
    @Test func aLoweredPseudoFrequencyBoundOrChangedParameterFailsCheck() throws {
        let directory = try Self.twoSegmentIndex()
        let segment = try #require(try IndexReader(directory: directory).segments.first { $0.maxDoc == 140 })
        let name = "\(segment.info.name).doc"
        let original = try #require(directory.contents(of: name))
        let fields = try Self.fields(of: name, in: directory, bytes: original)
        // The first skip table's widths locate its first entry, whose last 32 bits are the bound.
        let widths = Array(fields.filter { $0.what.hasPrefix("skip ") && $0.what.hasSuffix(" width") }.prefix(SkipTable.widthCount))
        try #require(widths.count == SkipTable.widthCount)
        let boundBit = (widths[0].offset + SkipTable.widthCount) * 8 + widths.reduce(0) { $0 + Int($1.value) }
        func bits(_ bytes: [UInt8], at bit: Int) -> UInt32 {
            (0..<32).reduce(UInt32(0)) { $0 | UInt32(bytes[(bit + $1) / 8] >> UInt8((bit + $1) % 8) & 1) << UInt32($1) }
        }
        let average = try #require(fields.first { $0.what == "block-bound average length" })
        let lowered = Float(bitPattern: bits(original, at: boundBit)) * 0.5
        #expect(lowered > 0)
        for damage in ["bound", "average"] {
            var damaged = original
            if damage == "bound" {
                for i in 0..<32 {
                    let bit = boundBit + i, mask = UInt8(1) << UInt8(bit % 8)
                    damaged[bit / 8] = lowered.bitPattern >> UInt32(i) & 1 == 1 ? damaged[bit / 8] | mask : damaged[bit / 8] & ~mask
                }
            } else {
                damaged.replaceSubrange(average.offset..<(average.offset + average.length),
                                        with: average.encoded((Double(bitPattern: average.value) * 1.5).bitPattern))
            }
            refreshFooter(&damaged)
            directory.overwrite(name, with: damaged)
            let report = IndexChecker(directory: directory).check()
            #expect(report.problems.contains { $0.contains(name) && ($0.contains("pseudo-frequency") || $0.contains("parameters")) },
                    "\(damage): \(report.problems)")
        }
        directory.overwrite(name, with: original)
        #expect(IndexChecker(directory: directory).check().isHealthy)
    }

    @Test func aFileCopiedFromAnotherSegmentIsRefusedOnOpen() throws {
        let directory = try Self.twoSegmentIndex()
        let segments = try IndexReader(directory: directory).commit.segments.map(\.name)
        #expect(segments.count == 2)
        for ext in SegmentFiles.extensions {
            let original = try #require(directory.contents(of: "\(segments[0]).\(ext)"))
            directory.overwrite("\(segments[0]).\(ext)", with: try #require(directory.contents(of: "\(segments[1]).\(ext)")))
            do {
                _ = try IndexReader(directory: directory)
                Issue.record("a copied .\(ext) was opened")
            } catch {
                #expect("\(error)".contains("\(segments[0]).\(ext)"), "\(error)")
                #expect("\(error)".contains("another segment") || "\(error)".contains("holds"), "\(error)")
            }
            directory.overwrite("\(segments[0]).\(ext)", with: original)
        }
        #expect(IndexChecker(directory: directory).check().isHealthy)
    }
}
