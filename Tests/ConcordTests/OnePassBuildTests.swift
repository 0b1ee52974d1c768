import ConcordIndex
import ConcordIngest
import Foundation
import Testing
@testable import Concord

/// A build from nothing that reads each file once (`CorpusIndexer.addInOnePass`) gives the index the
/// two-pass build gives: the same records, totals and scores, the same manifest and report — with
/// files far larger than the RAM budget, with malformed records, and when an id repeats (then the pass
/// stops and the build starts again in two passes, leaving nothing of the first attempt behind).
@Suite struct OnePassBuildTests {
    /// A corpus folder of `files` JSONL files of random records; `duplicateAt` (file, line) repeats the
    /// id of the corpus's first record there; `malformed` adds lines of every kind the parser reports.
    private func writeCorpus(_ root: String, seed: Int, files: Int, duplicateAt: (file: Int, line: Int)? = nil,
                             malformed: Bool = false) throws {
        var rng = SeededGenerator(seed: UInt64(seed))
        let words = ["river", "stone", "lamp", "harbour", "copper", "violet", "engine", "meadow", "signal", "the",
                     "of", "winter", "garden", "quartz", "Zürich", "café", "naïve", "bridge", "lantern", "orbit"]
        func text(_ n: Int) -> String { (0..<n).map { _ in rng.pick(words) }.joined(separator: " ") }
        var next = 0
        for f in 0..<files {
            var lines: [String] = []
            for line in 1...rng.int(150...300) {
                if malformed, line % 37 == 5 {
                    lines.append(rng.pick([#"{"id": "broken", "title": "no end"#, #"{"title": "no id at all"}"#,
                                           #"{"id": 12.5, "title": "a fractional id"}"#, #"["an", "array"]"#,
                                           #"{"id": "dated-\#(next)", "date": "not a date", "body": "kept"}"#,
                                           #"{"id": "tagged-\#(next)", "tags": ["a"], "body": "kept too"}"#, ""]))
                    next += 1
                    continue
                }
                let id = duplicateAt.map { $0.file == f && $0.line == line } == true ? "doc-0" : "doc-\(next)"
                next += 1
                let fields = ["\"id\": \"\(id)\"", "\"title\": \"\(text(rng.int(1...6)))\"",
                              "\"body\": \"\(text(rng.int(5...60)))\"", rng.chance(0.3) ? "\"date\": \"19\(rng.int(10...99))\"" : nil,
                              rng.chance(0.2) ? "\"box\": \(rng.int(1...9))" : nil].compactMap { $0 }
                lines.append("{" + fields.joined(separator: ", ") + "}")
            }
            try TestFiles.write(lines.joined(separator: "\n") + "\n", to: root + "/part-\(f).jsonl")
        }
    }

    private struct Built {
        var report: IndexingReport
        /// The manifest's record files, byte for byte (the head and the commit hold the scan time).
        var recordFiles: [String: Data]
        var manifest: CorpusManifest
        /// Every id of the corpus and its stored record (nil: not in the index).
        var records: [String: StoredRecord?]
        /// Per query word: the total and the top 50 (id, score).
        var hits: [String: (total: Int, top: [(id: String, score: Double)])]
        /// Segment files in the folder of no segment of the commit (left by a stopped pass).
        var strayFiles: [String]
    }

    static let queries = ["river", "stone lamp", "zurich", "cafe", "winter garden", "orbit OR quartz", "\"copper engine\"",
                          "kept", "meadow -signal", "naive"]

    /// Builds from nothing. Segment files are not compared byte for byte: each holds a random segment id, and
    /// with so small a budget where segments end depends on when background merges finish.
    private func build(_ corpus: String, into path: String, onePass: Bool) throws -> Built {
        var options = CorpusIndexer.Options()
        options.rebuild = true
        options.ramBudget = 64 << 10      // far below each file: two passes stream every file twice
        options.buildsInOnePass = onePass
        let folder = IndexFolder(path: path)
        let report = try folder.update(fromCorpus: corpus, options: options)
        let directory = try folder.directory()
        let generation = try #require(try Commit.generations(in: directory).last)
        var manifest = try CorpusManifest(commit: try Commit.read(from: directory, generation: generation), directory: directory)
        manifest.scanTime = 0
        var recordFiles: [String: Data] = [:]
        let names = try FileManager.default.contentsOfDirectory(atPath: path)
        for name in names where name.hasPrefix("manifest-\(generation)-") {
            recordFiles[name] = try Data(contentsOf: URL(fileURLWithPath: path + "/" + name))
        }
        let segments = Set(try Commit.read(from: directory, generation: generation).segments.map(\.name))
        let strayFiles = names.filter { $0.hasPrefix("seg") && !segments.contains(String($0.prefix { $0 != "." })) }
        let searcher = try folder.openSearcher()
        var records: [String: StoredRecord?] = [:]
        for n in 0..<2000 { records["doc-\(n)"] = try searcher.record(id: "doc-\(n)") }
        var hits: [String: (total: Int, top: [(id: String, score: Double)])] = [:]
        for query in Self.queries {
            let response = try searcher.search(query, limit: 50)
            hits[query] = (response.total, response.results.map { ($0.id, $0.score) })
        }
        return Built(report: report, recordFiles: recordFiles, manifest: manifest, records: records, hits: hits,
                     strayFiles: strayFiles)
    }

    private func expectSame(_ one: Built, _ two: Built, _ label: String) {
        #expect(one.strayFiles.isEmpty && two.strayFiles.isEmpty, "\(label): \(one.strayFiles)")
        #expect(one.report.added == two.report.added, "\(label)")
        #expect(one.report.documentCount == two.report.documentCount, "\(label)")
        #expect(one.report.diagnostics == two.report.diagnostics, "\(label)")
        #expect(one.manifest == two.manifest, "\(label)")
        #expect(one.recordFiles == two.recordFiles, "\(label)")
        #expect(one.records == two.records, "\(label)")
        for query in Self.queries {
            let a = one.hits[query], b = two.hits[query]
            #expect(a?.total == b?.total, "\(label): \(query)")
            #expect(a?.top.map(\.id) == b?.top.map(\.id), "\(label): \(query)")
            for (x, y) in zip(a?.top ?? [], b?.top ?? []) {
                #expect(abs(x.score - y.score) <= 1e-9 * max(abs(x.score), 1), "\(label): \(query) \(x.id)")
            }
        }
    }

    @Test(arguments: [1, 2, 3])
    func oneAndTwoPassBuildsWriteTheSameIndex(seed: Int) throws {
        let folder = try TemporaryFolder("one-pass")
        defer { folder.remove() }
        try writeCorpus(folder.appending("corpus"), seed: seed, files: 3)
        let one = try build(folder.appending("corpus"), into: folder.appending("one"), onePass: true)
        let two = try build(folder.appending("corpus"), into: folder.appending("two"), onePass: false)
        #expect(one.report.added > 450 && one.report.diagnostics.isEmpty)
        #expect(one.hits.values.contains { $0.total > 0 })
        expectSame(one, two, "seed \(seed)")
    }

    @Test func malformedRecordsAreReportedWithFileAndLineAsInTwoPasses() throws {
        let folder = try TemporaryFolder("one-pass-malformed")
        defer { folder.remove() }
        try writeCorpus(folder.appending("corpus"), seed: 7, files: 2, malformed: true)
        let one = try build(folder.appending("corpus"), into: folder.appending("one"), onePass: true)
        let two = try build(folder.appending("corpus"), into: folder.appending("two"), onePass: false)
        expectSame(one, two, "malformed")
        // Each malformed line is named by its file and line (lines 5, 42, 79… of each file).
        for f in 0..<2 {
            #expect(one.report.diagnostics.contains { $0.file == "part-\(f).jsonl" && ($0.line ?? 0) % 37 == 5 })
        }
        #expect(one.report.diagnostics.contains { $0.severity == .error && $0.message.contains("record skipped") })
    }

    @Test(arguments: [(0, 2), (1, 150), (2, 149)])
    func aRepeatedIdStopsThePassAndTheTwoPassBuildDecides(file: Int, line: Int) throws {
        let folder = try TemporaryFolder("one-pass-duplicate")
        defer { folder.remove() }
        try writeCorpus(folder.appending("corpus"), seed: 11, files: 3, duplicateAt: (file, line))
        let one = try build(folder.appending("corpus"), into: folder.appending("one"), onePass: true)
        let two = try build(folder.appending("corpus"), into: folder.appending("two"), onePass: false)
        // Nothing of the stopped pass is left: the same files, byte for byte, as a build that never tried it.
        expectSame(one, two, "duplicate at \(file):\(line)")
        #expect(one.report.diagnostics.contains { $0.message.contains("duplicate id") })
        #expect(one.report.documentCount == one.manifest.entries.reduce(0) { $0 + $1.recordCount } - 1)
        // The later record of the repeated id is the one indexed.
        let hit = try IndexFolder(path: folder.appending("one")).openSearcher().record(id: "doc-0")
        #expect(hit?.source == "part-\(file).jsonl" && hit?.line == line)
    }

    /// A file is read once; one whose NUL byte turns up only after records of it were added (beyond the
    /// first 256 KiB read) stops the pass, and the two-pass build skips it whole, as it skips one that
    /// starts binary.
    @Test func aFileFoundBinaryAfterItsFirstRecordsIsSkippedWholeAsInTwoPasses() throws {
        let folder = try TemporaryFolder("one-pass-binary")
        defer { folder.remove() }
        let corpus = folder.appending("corpus")
        try writeCorpus(corpus, seed: 13, files: 2)
        let filler = String(repeating: "lantern meadow ", count: 20)
        var late = (0..<1_600).map { #"{"id": "late-\#($0)", "title": "orbit \#($0)", "body": "\#(filler)"}"# }
        late.append("{\"id\": \"late-nul\", \"body\": \"a\u{0}b\"}")
        let lateText = late.joined(separator: "\n") + "\n"
        #expect(lateText.utf8.count > 512 << 10)   // beyond the first chunks read (256 KiB each)
        try TestFiles.write(lateText, to: corpus + "/part-late.jsonl")
        try TestFiles.write("{\"id\": \"early\u{0}\"}\n{\"id\": \"early-2\", \"title\": \"orbit\"}\n", to: corpus + "/part-early.jsonl")
        let one = try build(corpus, into: folder.appending("one"), onePass: true)
        let two = try build(corpus, into: folder.appending("two"), onePass: false)
        expectSame(one, two, "binary")
        let warned = Set(one.report.diagnostics.filter { $0.message.contains("NUL") }.map(\.file))
        #expect(warned == ["part-late.jsonl", "part-early.jsonl"])
        #expect(one.report.diagnostics.contains { $0.file == "part-late.jsonl" && $0.line == late.count })
        #expect(try IndexFolder(path: folder.appending("one")).openSearcher().record(id: "late-0") == nil)
    }

    @Test func seenIDHashesAnswersFalseForEveryHashAlreadyHeldThroughGrowth() {
        var seen = SeenIDHashes(slots: 16)
        var rng = SeededGenerator(seed: 5)
        let values = [0, 1] + (0..<5_000).map { _ in rng.next() }
        var held: [UInt64] = []
        var grown = 0
        for value in values {
            if seen.isFull {
                let refilled = seen.grow { add in held.forEach(add) }
                #expect(refilled)
                grown += 1
            }
            // A hash not held yet is taken (a false "maybe" is about one in 10^5 here: none with this seed).
            let taken = seen.insert(value)
            #expect(taken, "\(value)")
            held.append(value)
            // Any hash held, asked again, is a repeat — also right after the table grew.
            let again = seen.insert(held[Int(rng.next() % UInt64(held.count))])
            #expect(!again)
        }
        #expect(seen.count == values.count)
        #expect(grown >= 8)
        let repeats = values.prefix(100).filter { !seen.insert($0) }.count
        #expect(repeats == 100)
    }
}
