import Foundation
import Testing
@testable import ConcordIngest

@Suite struct CorpusTests {
    // MARK: - Listing files

    @Test func listsSupportedFilesRecursivelySortedAndSkipsHidden() throws {
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        for path in ["b.txt", "a/z.md", "a-b.jsonl", "a/deep/x.listing", "UPPER.TXT", "notes.pdf", "README",
                     ".hidden.txt", ".git/config.txt", "a/.cache/y.txt"] {
            try temporary.write(path, "Title\n")
        }
        let files = try temporary.corpus.files()
        #expect(files.map(\.path) == ["UPPER.TXT", "a-b.jsonl", "a/deep/x.listing", "a/z.md", "b.txt"])
        #expect(files.map(\.format) == [.text, .jsonl, .listing, .markdown, .text])
        let first = try #require(files.first)
        #expect(first.size == 6)
        #expect(first.url.standardizedFileURL.path
                == temporary.root.appendingPathComponent("UPPER.TXT").standardizedFileURL.path)
        let expectedTime = try FileManager.default.attributesOfItem(atPath: first.url.path)[.modificationDate] as? Date
        let seconds = Double(first.modificationTime) / 1e9
        #expect(abs(seconds - (expectedTime?.timeIntervalSince1970 ?? 0)) < 0.001)
    }

    @Test func missingRootAndFileRootAreTypedErrors() throws {
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        let missing = temporary.root.appendingPathComponent("nope")
        #expect(throws: CorpusError.missingRoot(path: missing.path)) { try Corpus(root: missing).files() }
        try temporary.write("file.txt", "x")
        let fileRoot = temporary.root.appendingPathComponent("file.txt")
        #expect(throws: CorpusError.rootNotADirectory(path: fileRoot.path)) { try Corpus(root: fileRoot).files() }
    }

    @Test func readingAVanishedFileThrowsUnreadableNamingIt() throws {
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        try temporary.write("gone.txt", "Title\n")
        let file = try #require(try temporary.corpus.files().first)
        try FileManager.default.removeItem(at: file.url)
        do {
            _ = try temporary.corpus.read(file)
            Issue.record("expected an error")
        } catch let CorpusError.unreadable(path, reason) {
            #expect(path == "gone.txt")
            #expect(!reason.isEmpty)
        }
    }

    @Test func readThroughTheFileSystemMatchesParsing() throws {
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        let text = "Title: On disk\n\nSummary.\n"
        let contents = try temporary.readSingle("sub/d.txt", text)
        #expect(contents.documents == parse(text, path: "sub/d.txt").documents)
        #expect(contents.documents.first?.id == "sub/d.txt")
    }

    // MARK: - Whole corpus and duplicates

    @Test func duplicateIdsAcrossFilesWarnNamingBothPlacesAndTheLaterWins() throws {
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        try temporary.write("b/later.jsonl", "{\"id\": \"other\"}\n{\"id\": \"memo-1\", \"title\": \"second\"}\n")
        try temporary.write("a/earlier.jsonl", "{\"id\": \"memo-1\", \"title\": \"first\"}\n")
        try temporary.write("c.txt", "Id: memo-1\nTitle: third\n\nText.\n")
        try temporary.write("a/plain.txt", "Plain\n")
        let snapshot = try temporary.corpus.readAll()
        #expect(snapshot.files.map(\.path) == ["a/earlier.jsonl", "a/plain.txt", "b/later.jsonl", "c.txt"])
        #expect(snapshot.documents.map(\.id) == ["a/plain.txt", "other", "memo-1"])
        #expect(snapshot.documents.last?.title == "third")
        #expect(snapshot.diagnostics.map(\.description) == [
            "b/later.jsonl:2: warning: duplicate id \"memo-1\" replaces the record at a/earlier.jsonl:1",
            "c.txt: warning: duplicate id \"memo-1\" replaces the record at b/later.jsonl:2",
        ])
    }

    @Test func duplicateWithinOneFileKeepsTheLaterLine() {
        let contents = parse("{\"id\": \"x\", \"title\": \"old\"}\n{\"id\": \"y\"}\n{\"id\": \"x\", \"title\": \"new\"}\n",
                             path: "f.jsonl")
        let resolved = Corpus.resolveDuplicates(contents.documents)
        #expect(resolved.documents.map(\.title) == ["", "new"])
        #expect(resolved.diagnostics.map(\.line) == [3])
        #expect(resolved.diagnostics.first?.message.contains("f.jsonl:1") == true)
    }

    @Test func resolutionFollowsCorpusOrderEvenWhenInputIsNot() {
        let later = Document(id: "d", title: "later", source: "b.jsonl", line: 1)
        let earlier = Document(id: "d", title: "earlier", source: "a.jsonl", line: 9)
        let resolved = Corpus.resolveDuplicates([later, earlier])
        #expect(resolved.documents.map(\.title) == ["later"])
        #expect(resolved.diagnostics.first?.file == "b.jsonl")
        #expect(resolved.diagnostics.first?.message.contains("a.jsonl:9") == true)
    }

    @Test func diagnosticsOfAllFilesAreCollected() throws {
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        try temporary.write("bad.jsonl", "{oops\n")
        try temporary.write("bin.txt", bytes: [0x41, 0x00])
        let snapshot = try temporary.corpus.readAll()
        #expect(snapshot.documents.isEmpty)
        #expect(snapshot.diagnostics.map(\.file) == ["bad.jsonl", "bin.txt"])
        #expect(snapshot.diagnostics.map(\.severity) == [.error, .warning])
    }
}
