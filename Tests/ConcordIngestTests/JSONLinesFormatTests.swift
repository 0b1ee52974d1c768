import Testing
@testable import ConcordIngest

@Suite struct JSONLinesFormatTests {
    // MARK: - Well-formed records

    @Test func readsAllFieldsAndLineNumbers() throws {
        let text = """
        {"id": "m-1", "title": "Cable on grain prices", "date": "1950-10-08", "summary": "Prices rose.", "body": "Full text.", "language": "en"}

        {"id": "m-2", "title": null, "date": "Oct. 1950"}
        """
        let contents = parse(text, path: "cables/a.jsonl")
        #expect(contents.diagnostics.isEmpty)
        #expect(contents.documents.count == 2)
        let first = try #require(contents.documents.first)
        #expect(first == Document(id: "m-1", title: "Cable on grain prices", date: PartialDate(year: 1950, month: 10, day: 8),
                                  summary: "Prices rose.", body: "Full text.", source: "cables/a.jsonl", line: 1,
                                  language: "en"))
        let second = try #require(contents.documents.last)
        #expect(second.id == "m-2")
        #expect(second.line == 3)
        #expect(second.title == "")
        #expect(second.date == PartialDate(year: 1950, month: 10))
        #expect(second.language == nil)
    }

    @Test func integerIdIsItsDecimalString() throws {
        let document = try #require(parse(#"{"id": 1234, "title": "t"}"#, path: "n.jsonl").documents.first)
        #expect(document.id == "1234")
    }

    @Test func simpleUnknownKeysGoToExtra() throws {
        let line = #"{"id": "x", "box": 4, "weight": 2.5, "secret": false, "archive": "Hoover", "gone": null}"#
        let document = try #require(parse(line, path: "e.jsonl").documents.first)
        #expect(document.extra == ["box": "4", "weight": "2.5", "secret": "false", "archive": "Hoover"])
    }

    // MARK: - Malformed records

    @Test func malformedLinesAreErrorsNamingFileAndLineAndOthersAreRead() {
        let text = """
        {"id": "ok-1"}
        {"id": "broken",
        [1, 2]
        {"title": "no id"}
        {"id": true}
        {"id": "t", "title": 5}
        {"id": "d", "date": 1950}
        "just a string"
        {"id": ""}
        {"id": "ok-2"}
        """
        let contents = parse(text, path: "bad.jsonl")
        #expect(contents.documents.map(\.id) == ["ok-1", "ok-2"])
        #expect(contents.diagnostics.allSatisfy { $0.severity == .error && $0.file == "bad.jsonl" })
        #expect(contents.diagnostics.map(\.line) == [2, 3, 4, 5, 6, 7, 8, 9])
        let messages = contents.diagnostics.map(\.message)
        #expect(messages[0].contains("invalid JSON"))
        #expect(messages[1].contains("object") && messages[1].contains("array"))
        #expect(messages[2].contains("missing \"id\""))
        #expect(messages[3].contains("\"id\"") && messages[3].contains("boolean"))
        #expect(messages[4].contains("\"title\"") && messages[4].contains("number"))
        #expect(messages[5].contains("\"date\""))
        #expect(messages[6].contains("string"))
        #expect(messages[7].contains("empty"))
        #expect(contents.diagnostics[0].description.hasPrefix("bad.jsonl:2: error: "))
    }

    @Test func unparseableDateIsAWarningAndTheRecordIsKept() throws {
        let contents = parse("\n" + #"{"id": "r", "date": "Febtober 30, 1950"}"#, path: "w.jsonl")
        let document = try #require(contents.documents.first)
        #expect(document.date == nil)
        #expect(contents.diagnostics.count == 1)
        #expect(contents.diagnostics.first?.severity == .warning)
        #expect(contents.diagnostics.first?.line == 2)
    }

    @Test func emptyDateStringIsAbsentWithoutWarning() throws {
        let contents = parse(#"{"id": "r", "date": ""}"#, path: "w.jsonl")
        #expect(contents.documents.first?.date == nil)
        #expect(contents.diagnostics.isEmpty)
    }
}
