import Foundation
import Testing
@testable import Concord

/// The compact bookkeeping of a build from nothing gives exactly what the general (String-keyed)
/// bookkeeping gives: the same records, the same duplicate winners, warnings and document count.
@Suite struct FullBuildBookkeepingTests {
    private func randomEntries(_ rng: inout SeededGenerator) -> [CorpusManifest.Entry] {
        // A small pool of ids (some long, some non-ASCII) makes duplicates within and across files common.
        let pool = (0..<rng.int(1...40)).map { k in
            k % 5 == 0 ? "a-rather-long-identifier-that-needs-the-heap-\(k)" : k % 7 == 0 ? "Zürich-\(k)" : "id\(k)"
        }
        return (0..<rng.int(0...6)).map { f in
            var records = CorpusManifest.RecordList()
            for line in 1...rng.int(1...30) where !pool.isEmpty {
                records.append(CorpusManifest.Record(id: rng.pick(pool), line: rng.chance(0.2) ? nil : line))
            }
            return CorpusManifest.Entry(path: "folder/file-\(f).jsonl", size: 1, modificationTime: 1, contentHash: 1,
                                        recordCount: records.count, records: records, diagnostics: [])
        }
    }

    @Test(arguments: 1...30)
    func fullBuildResolutionEqualsResolvingEveryId(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let entries = randomEntries(&rng)
        let every = Set(entries.flatMap { $0.records.map(\.id) })
        let general = DuplicateResolution(entries, candidates: every, previous: CorpusManifest(), previouslyPresent: 0)
        let full = DuplicateResolution.FullBuild(entries)
        #expect(full.documentCount == general.documentCount)
        #expect(full.warnings == general.warnings)
        var added = 0
        for e in entries.indices {
            for r in entries[e].records.indices {
                let wins = general.winners[entries[e].records[r].id] == DuplicateResolution.Location(entry: e, record: r)
                #expect(wins == !(full.losers[e]?.contains(r) ?? false), "seed \(seed): entry \(e) record \(r)")
                if wins { added += 1 }
            }
        }
        #expect(added == full.documentCount)
    }

    @Test func recordListHoldsWhatWasAppended() {
        let records = [CorpusManifest.Record(id: "x", line: 3), .init(id: "", line: nil),
                       .init(id: "a-rather-long-identifier-that-needs-the-heap", line: 1 << 40), .init(id: "Ünïcödé", line: 7)]
        let list = CorpusManifest.RecordList(records)
        #expect(Array(list) == records)
        #expect(list.count == 4)
        for (r, record) in records.enumerated() {
            #expect(list.idHash(at: r) == CorpusManifest.RecordList.idHash(of: record.id))
            #expect(Array(list.idBytes(at: r)) == Array(record.id.utf8))
        }
        #expect(list == CorpusManifest.RecordList(records))
        #expect(list != CorpusManifest.RecordList(records.dropLast()))
        #expect(list != CorpusManifest.RecordList(records.dropLast() + [.init(id: "Ünïcödé", line: 8)]))
        // Same bytes end to end, split differently: not equal.
        #expect(CorpusManifest.RecordList([.init(id: "ab", line: 1), .init(id: "c", line: 2)])
                != CorpusManifest.RecordList([.init(id: "a", line: 1), .init(id: "bc", line: 2)]))
    }

    @Test func aRebuildWithDuplicatesAddsTheLastOfEachId() throws {
        let folder = try TemporaryFolder("full-build")
        defer { folder.remove() }
        let corpus = folder.appending("corpus")
        try TestFiles.write("""
            {"id": "one", "title": "first one"}
            {"id": "two", "title": "first two"}
            {"id": "one", "title": "second one"}

            """, to: corpus + "/a.jsonl")
        try TestFiles.write("""
            {"id": "two", "title": "second two"}

            """, to: corpus + "/b.jsonl")
        let index = IndexFolder(path: folder.appending("index"))
        let report = try index.update(fromCorpus: corpus)
        #expect(report.added == 2)
        #expect(report.documentCount == 2)
        #expect(report.diagnostics.filter { $0.message.contains("duplicate id") }.count == 2)
        var options = CorpusIndexer.Options()
        options.rebuild = true
        let rebuilt = try index.update(fromCorpus: corpus, options: options)
        #expect(rebuilt.added == 2 && rebuilt.documentCount == 2)
        let hits = try index.openSearcher().search("second").results.map(\.id).sorted()
        #expect(hits == ["one", "two"])
        #expect(try index.openSearcher().search("first").results.isEmpty)
    }
}
