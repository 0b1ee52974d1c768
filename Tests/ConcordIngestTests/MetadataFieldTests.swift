import Testing
@testable import ConcordIngest

/// Metadata fields: extra `.jsonl` keys and extra header lines of `.txt`/`.md`, as exact-match keyword fields.
@Suite struct MetadataFieldTests {
    @Test func headerLinesBeyondTheKnownKeysBecomeLowerCasedFields() throws {
        let text = """
        Collection: FRUS 1969–1976
        Title: Backchannel message on the summit
        Date: 1972-05
        Type:   telegram  
        Author: Henry Kissinger

        The summary paragraph.
        """
        let contents = parse(text, path: "memos/backchannel.txt")
        let document = try #require(contents.documents.first)
        #expect(document.title == "Backchannel message on the summit")
        #expect(document.date == PartialDate(year: 1972, month: 5))
        #expect(document.extra == ["collection": "FRUS 1969–1976", "type": "telegram", "author": "Henry Kissinger"])
        #expect(document.summary == "The summary paragraph.")
        #expect(contents.diagnostics.isEmpty)
    }

    @Test func aLoneKeyValueFirstLineWithoutAKnownKeyStaysTheTitle() throws {
        let document = try #require(parse("Re: the harbour lights\n\nA short summary.\n", path: "a.txt").documents.first)
        #expect(document.title == "Re: the harbour lights")
        #expect(document.extra.isEmpty)
    }

    @Test func reservedRepeatedAndEmptyHeaderKeys() throws {
        let text = "Title: T\nSource: elsewhere\nBox: 1\nbox: 2\nFolder:\n\nSummary text.\n"
        let contents = parse(text, path: "n.md")
        let document = try #require(contents.documents.first)
        #expect(document.extra == ["box": "2"])
        #expect(contents.diagnostics.count == 2)
        #expect(contents.diagnostics.contains { $0.line == 2 && $0.message.contains("reserved") })
        #expect(contents.diagnostics.contains { $0.line == 4 && $0.message.contains("repeats") })
    }

    @Test func jsonKeysAreLowerCasedAndValuesTrimmedNumbersAndBooleansAsText() throws {
        let line = #"{"id": "x", "Collection": " frus ", "box": 4, "weight": 2.5, "secret": false, "empty": "  ", "gone": null}"#
        let contents = parse(line, path: "e.jsonl")
        let document = try #require(contents.documents.first)
        #expect(document.extra == ["collection": "frus", "box": "4", "weight": "2.5", "secret": "false"])
        #expect(contents.diagnostics.isEmpty)
    }

    @Test func arraysObjectsBadNamesAndReservedKeysAreReportedOncePerFile() throws {
        let text = """
        {"id": "a", "tags": ["x"], "meta": {"k": 1}, "my key": "v", "Title": "wrong case", "source": "s", "ok": "yes"}
        {"id": "b", "tags": ["y"], "meta": {"k": 2}, "my key": "w", "Title": "again", "source": "t", "ok": "no"}
        """
        let contents = parse(text, path: "r.jsonl")
        #expect(contents.documents.map(\.extra) == [["ok": "yes"], ["ok": "no"]])
        #expect(contents.documents.map(\.title) == ["", ""])
        let messages = contents.diagnostics.map(\.message)
        #expect(contents.diagnostics.count == 5, "\(messages)")
        #expect(contents.diagnostics.allSatisfy { $0.line == 1 && $0.severity == .warning })
        #expect(messages.contains { $0.contains("\"tags\" holds an array") })
        #expect(messages.contains { $0.contains("\"meta\" holds an object") })
        #expect(messages.contains { $0.contains("\"my key\" is not a metadata field name") })
        #expect(messages.contains { $0.contains("\"Title\"") && $0.contains("reserved") })
        #expect(messages.contains { $0.contains("\"source\"") && $0.contains("reserved") })
    }

    @Test func keysDifferingOnlyInCaseResolveTheSameWayEveryTime() throws {
        let contents = parse(#"{"id": "a", "box": "lower", "Box": "upper"}"#, path: "c.jsonl")
        // Byte order: "Box" < "box", so the later "box" wins.
        #expect(contents.documents.first?.extra == ["box": "lower"])
        #expect(contents.diagnostics.count == 1)
    }

    @Test func fieldNameRules() {
        #expect(MetadataField.isValidName("collection"))
        #expect(MetadataField.isValidName("Fonds_2-b"))
        #expect(MetadataField.isValidName("Sammlung"))
        #expect(!MetadataField.isValidName("2nd"))
        #expect(!MetadataField.isValidName("a b"))
        #expect(!MetadataField.isValidName("a:b"))
        #expect(!MetadataField.isValidName(""))
        #expect(MetadataField.name(forKey: "Type") == .success("type"))
        #expect(MetadataField.name(forKey: "BODY") == .failure(.reserved("body")))
        #expect(MetadataField.value("  x y \t") == "x y")
        #expect(MetadataField.value(" \t ") == nil)
    }
}
