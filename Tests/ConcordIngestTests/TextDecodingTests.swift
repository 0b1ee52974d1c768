import Foundation
import Testing
@testable import ConcordIngest

@Suite struct TextDecodingTests {
    // MARK: - Invalid UTF-8

    @Test func invalidUTF8IsRepairedWithAWarningNamingTheFile() throws {
        let bytes = Array("Harbour report\n\nThe pier ".utf8) + [0xC3, 0x28] + Array(" cracked.\n\n".utf8) + [0xFF]
        let contents = Corpus.parse(bytes, path: "dir/broken.txt", format: .text)
        let document = try #require(contents.documents.first)
        #expect(document.summary == "The pier \u{FFFD}( cracked.")
        #expect(document.body == "\u{FFFD}")
        let warning = try #require(contents.diagnostics.first)
        #expect(contents.diagnostics.count == 1)
        #expect(warning.severity == .warning)
        #expect(warning.file == "dir/broken.txt")
        #expect(warning.line == 3)
        #expect(warning.message.contains("UTF-8") && warning.message.contains("2 lines"))
    }

    @Test func validMultibyteTextGivesNoWarning() {
        let contents = parse("Zhou Enlai’s visit\n\n周恩来 — Ærø\n", path: "ok.txt")
        #expect(contents.diagnostics.isEmpty)
        #expect(contents.documents.first?.summary == "周恩来 — Ærø")
    }

    // MARK: - Binary files

    @Test func fileWithNULByteIsSkippedWithAWarning() {
        let bytes = Array("Title\nline two\n".utf8) + [0x00, 0x01] + Array("rest".utf8)
        let contents = Corpus.parse(bytes, path: "blob.txt", format: .text)
        #expect(contents.documents.isEmpty)
        #expect(contents.diagnostics.count == 1)
        #expect(contents.diagnostics.first?.severity == .warning)
        #expect(contents.diagnostics.first?.file == "blob.txt")
        #expect(contents.diagnostics.first?.line == 3)
        #expect(contents.diagnostics.first?.message.contains("NUL") == true)
    }

    // MARK: - BOM and line endings

    @Test func byteOrderMarkIsStripped() throws {
        let bytes = TextDecoder.byteOrderMark + Array("Title: With BOM\n\nText.".utf8)
        let document = try #require(Corpus.parse(bytes, path: "b.txt", format: .text).documents.first)
        #expect(document.title == "With BOM")
        let record = Corpus.parse(TextDecoder.byteOrderMark + Array(#"{"id": "j"}"#.utf8), path: "b.jsonl", format: .jsonl)
        #expect(record.documents.map(\.id) == ["j"])
        #expect(record.diagnostics.isEmpty)
    }

    @Test func crlfLineEndingsReadLikeLF() throws {
        let lf = "Title\n1950\n\nSummary one\nsummary two\n\nBody a\nBody b\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let fromLF = try #require(parse(lf, path: "x.txt").documents.first)
        let fromCRLF = try #require(parse(crlf, path: "x.txt").documents.first)
        #expect(fromCRLF == fromLF)
        #expect(fromCRLF.body == "Body a\nBody b")
        #expect(!fromCRLF.summary.contains("\r"))

        let listing = "May 1, 1949\r\n\r\nTitle A\r\n\r\nSummary A\r\nmore\r\n"
        let record = try #require(parse(listing, path: "l.listing").documents.first)
        #expect(record.title == "Title A" && record.summary == "Summary A more")
        let jsonl = "{\"id\": \"a\"}\r\n\r\n{\"id\": \"b\"}\r\n"
        #expect(parse(jsonl, path: "c.jsonl").documents.map(\.line) == [1, 3])
    }

    @Test func linesAreNumberedFromOneAndTrailingNewlineAddsNoLine() {
        let decoded = TextDecoder.decode(Array("a\r\nb\n\nc\n".utf8), file: "f")
        #expect(decoded.lines == [TextLine(number: 1, text: "a"), TextLine(number: 2, text: "b"),
                                  TextLine(number: 3, text: ""), TextLine(number: 4, text: "c")])
    }
}
