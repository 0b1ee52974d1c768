import ConcordIngest
import Foundation
import Testing
@testable import Concord

/// `CorpusIndexer.confirmedScanTime`: a file modified just before the corpus was listed is trusted by the
/// next run only when it was confirmed unchanged (size, time and content hash) long enough after its time.
@Suite struct RecentFileConfirmationTests {
    private static let second: Int64 = 1_000_000_000

    private struct Setup {
        let folder: TemporaryFolder
        let corpus: Corpus
        let path: String
        let file: CorpusFile
        let entry: CorpusManifest.Entry
    }

    /// One corpus file stamped `modified`, and the manifest entry a run that read it would record.
    private func setUp(_ label: String, modified: Int64) throws -> Setup {
        let folder = try TemporaryFolder(label)
        let path = folder.appending("corpus/memo.txt")
        try TestFiles.write("Title: Memo\n\nkalo mirtu\n", to: path)
        try TestFiles.setModificationTime(of: path, to: modified)
        let corpus = Corpus(root: URL(fileURLWithPath: folder.appending("corpus")))
        let file = try #require(try corpus.files().first)
        let entry = CorpusManifest.Entry(path: file.path, size: file.size, modificationTime: file.modificationTime,
                                         contentHash: try corpus.contentHash(of: file), recordCount: 1, records: [],
                                         diagnostics: [])
        return Setup(folder: folder, corpus: corpus, path: path, file: file, entry: entry)
    }

    private var now: Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }

    @Test func aRecentFileConfirmedLaterMovesTheScanTime() throws {
        let modified = now - 10 * Self.second + 123
        let s = try setUp("confirm", modified: modified)
        defer { s.folder.remove() }
        let listedAt = modified + 1_000_000       // the file was written 1 ms before the listing
        #expect(CorpusIndexer.mayHaveChangedUnseen(modified: modified, scannedAt: listedAt))
        let confirmed = CorpusIndexer.confirmedScanTime(listedAt, files: [s.file], entries: [s.entry], corpus: s.corpus)
        #expect(confirmed > listedAt)
        #expect(!CorpusIndexer.mayHaveChangedUnseen(modified: modified, scannedAt: confirmed))
    }

    @Test func aSameSizeEditWithTheSameTimeKeepsTheListingTime() throws {
        let modified = now - 10 * Self.second + 123
        let s = try setUp("edited", modified: modified)
        defer { s.folder.remove() }
        try TestFiles.write("Title: Memo\n\nkalo vazot\n", to: s.path)
        try TestFiles.setModificationTime(of: s.path, to: modified)
        let listedAt = modified + 1_000_000
        #expect(CorpusIndexer.confirmedScanTime(listedAt, files: [s.file], entries: [s.entry], corpus: s.corpus) == listedAt)
    }

    @Test func aFileChangedSinceItWasReadKeepsTheListingTime() throws {
        let modified = now - 10 * Self.second + 123
        let s = try setUp("changed", modified: modified)
        defer { s.folder.remove() }
        try TestFiles.write("Title: Memo\n\nkalo mirtu, and more\n", to: s.path)
        let listedAt = modified + 1_000_000
        #expect(CorpusIndexer.confirmedScanTime(listedAt, files: [s.file], entries: [s.entry], corpus: s.corpus) == listedAt)
    }

    /// Too recent even now: an edit in the same clock tick could still follow, so nothing is confirmed.
    @Test func aFileTooRecentForTheCheckKeepsTheListingTime() throws {
        let modified = now + 5 * Self.second
        let s = try setUp("future", modified: modified)
        defer { s.folder.remove() }
        let listedAt = modified - 1_000_000
        #expect(CorpusIndexer.confirmedScanTime(listedAt, files: [s.file], entries: [s.entry], corpus: s.corpus) == listedAt)
    }

    /// A listing with no recent file needs no check: its time stands.
    @Test func noRecentFileKeepsTheListingTime() throws {
        let modified = now - 10 * Self.second + 123
        let s = try setUp("old", modified: modified)
        defer { s.folder.remove() }
        let listedAt = modified + 5 * Self.second
        #expect(CorpusIndexer.confirmedScanTime(listedAt, files: [s.file], entries: [s.entry], corpus: s.corpus) == listedAt)
    }

    /// End to end: after a run that confirmed a freshly written file, a same-size edit stamped later is still
    /// seen (the confirmation never hides an edit that changes the time).
    @Test func anEditAfterAConfirmingRunIsSeen() throws {
        let folder = try TemporaryFolder("confirm-run")
        defer { folder.remove() }
        let corpus = folder.appending("corpus"), file = corpus + "/memo.txt"
        try TestFiles.write("Title: Memo\n\nkalo mirtu\n", to: file)
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)
        try TestFiles.write("Title: Memo\n\nkalo vazot\n", to: file)
        try TestFiles.setModificationTime(of: file, to: now + Self.second)
        let report = try index.update(fromCorpus: corpus)
        #expect(report.changed == 1)
        #expect(try index.openSearcher().search("vazot").total == 1)
    }
}
