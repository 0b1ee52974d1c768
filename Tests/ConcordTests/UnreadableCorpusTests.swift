import Foundation
import Testing
@testable import Concord
@_spi(Testing) import ConcordIngest
#if canImport(Glibc)
import Glibc
#endif

/// A file or folder that cannot be read is a corpus problem: reported (`path: error: Permission denied`),
/// the rest indexed, and what was indexed from it before kept (issue 6, defect 7).
@Suite struct UnreadableCorpusTests {
    private func total(_ index: IndexFolder, _ query: String) throws -> Int {
        try index.openSearcher().search(query).total
    }

    private func write(_ corpus: String) throws {
        try TestFiles.write("Alpha\n\nkalo first words.\n", to: corpus + "/a.txt")
        try TestFiles.write("Beta\n\nmirtu in a folder.\n", to: corpus + "/sub/b.txt")
        try TestFiles.write("Gamma\n\nvazo stays readable.\n", to: corpus + "/g.txt")
    }

    /// Through the corpus reader's seam, which makes paths fail as `chmod 000` does for an ordinary user (the
    /// tests run as root, for whom it does not): proves the indexer's handling, not the system's.
    @Test func unreadablePathsAreReportedAndTheirDocumentsKept() throws {
        let folder = try TemporaryFolder("unreadable")
        defer { folder.remove() }
        let corpusPath = folder.appending("corpus")
        try write(corpusPath)
        let index = IndexFolder(path: folder.appending("index"))
        var corpus = Corpus(root: URL(fileURLWithPath: corpusPath))
        #expect(try index.update(from: corpus).added == 3)

        try TestFiles.write("Alpha\n\nzendo second words.\n", to: corpusPath + "/a.txt")
        try TestFiles.write("New\n\nporta new words.\n", to: corpusPath + "/n.txt")
        try TestFiles.write("Delta\n\nlumo readable.\n", to: corpusPath + "/d.txt")
        corpus.simulatedUnreadablePaths = ["a.txt", "sub", "n.txt"]
        let report = try index.update(from: corpus)
        let lines = report.diagnostics.map(\.description)
        #expect(lines.contains("a.txt: error: Permission denied"), "\(lines)")
        #expect(lines.contains("sub: error: Permission denied"), "\(lines)")
        #expect(lines.contains("n.txt: error: Permission denied"), "\(lines)")
        #expect(report.errorCount == 3)
        #expect(report.added == 1 && report.removed == 0, "\(report.summary)")
        #expect(try total(index, "kalo") == 1, "the unreadable file's old content is kept")
        #expect(try total(index, "mirtu") == 1, "the unreadable folder's documents are kept")
        #expect(try total(index, "lumo") == 1, "the rest is indexed")
        #expect(try total(index, "zendo") == 0 && total(index, "porta") == 0)

        // Nothing changed since, and the problems are still reported.
        let again = try index.update(from: corpus)
        #expect(again.errorCount == 3 && again.removed == 0, "\(again.diagnostics)")

        corpus.simulatedUnreadablePaths = []
        let healed = try index.update(from: corpus)
        #expect(healed.errorCount == 0, "\(healed.diagnostics)")
        #expect(healed.added == 1 && healed.changed == 1, "\(healed.summary)")
        #expect(try total(index, "zendo") == 1 && total(index, "kalo") == 0 && total(index, "porta") == 1)
        #expect(try total(index, "mirtu") == 1)
        #expect(try index.check().isHealthy)
    }

    /// The real thing: permission bits. Skipped as root, who reads a `chmod 000` file anyway.
    @Test(.disabled(if: getuid() == 0, "root reads files whatever their permission bits"))
    func chmodZeroFilesAndFoldersAreReported() throws {
        let folder = try TemporaryFolder("chmod")
        defer {
            chmod(folder.appending("corpus/sub"), 0o755)
            folder.remove()
        }
        let corpusPath = folder.appending("corpus")
        try write(corpusPath)
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpusPath)
        try TestFiles.write("Alpha\n\nzendo second words.\n", to: corpusPath + "/a.txt")
        chmod(corpusPath + "/a.txt", 0)
        chmod(corpusPath + "/sub", 0)
        let report = try index.update(fromCorpus: corpusPath)
        let lines = report.diagnostics.map(\.description)
        #expect(lines.contains("a.txt: error: Permission denied"), "\(lines)")
        #expect(lines.contains("sub: error: Permission denied"), "\(lines)")
        #expect(try total(index, "kalo") == 1 && total(index, "mirtu") == 1 && total(index, "vazo") == 1)
    }
}
