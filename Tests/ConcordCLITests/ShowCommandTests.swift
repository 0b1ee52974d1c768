import Foundation
import Testing

/// `concord show ID`: one whole record, as text and as JSON, compared with the fixture files themselves.
@Suite struct ShowCommandTests {
    struct ShownRecord: Decodable {
        var id: String
        var title: String
        var date: String?
        var date_display: String?
        var fields: [String: String]
        var summary: String
        var body: String
        var source: String
        var line: Int?
    }

    static func show(_ id: String, in workspace: Workspace) throws -> ShownRecord {
        let result = try workspace.concord.expect(["show", id, "--index", workspace.index, "--format", "json"], status: 0)
        return try JSONDecoder().decode(ShownRecord.self, from: Data(result.stdout.utf8))
    }

    @Test func everyFixtureRecordWithAnIdShowsWhole() throws {
        let workspace = try Workspace.indexed()
        let documents = FixtureCorpus.documents.filter { $0.id != nil }
        #expect(!documents.isEmpty)
        for document in documents {
            let shown = try Self.show(document.id ?? "", in: workspace)
            #expect(shown.id == document.id)
            #expect(shown.title == document.title)
            #expect(shown.summary == document.summary)
            #expect(shown.body == document.body)
            #expect(shown.date == document.isoDate)
            #expect(shown.date_display == document.displayDate)
            #expect(shown.line.map { "\(shown.source):\($0)" } ?? shown.source == document.location)
        }
    }

    @Test func metadataFieldsAreShownAndTextIsReadable() throws {
        let workspace = try Workspace()
        try """
        Collection: FRUS 1958–1960
        Title: Note on the harbour agreement
        Date: 1959-03
        Type: memorandum

        The harbour agreement is signed.

        The body of the note.
        """.write(to: workspace.corpusFile("notes/harbour-note.txt"), atomically: true, encoding: .utf8)
        try #"{"id": "box-7", "title": "Shipping list", "box": 7, "urgent": true, "Archive": " Hoover "}"#
            .write(to: workspace.corpusFile("records/boxes.jsonl"), atomically: true, encoding: .utf8)
        try workspace.concord.expect(["index", "--corpus", workspace.corpus, "--index", workspace.index], status: 0)

        let note = try Self.show("notes/harbour-note.txt", in: workspace)
        #expect(note.fields == ["collection": "FRUS 1958–1960", "type": "memorandum"])
        #expect(note.date == "1959-03")
        #expect(note.date_display == "March 1959")
        #expect(note.summary == "The harbour agreement is signed.")
        #expect(note.body == "The body of the note.")
        let box = try Self.show("box-7", in: workspace)
        #expect(box.fields == ["box": "7", "urgent": "true", "archive": "Hoover"])
        #expect(box.source == "records/boxes.jsonl" && box.line == 1)

        let text = try workspace.concord.expect(["show", "notes/harbour-note.txt", "--index", workspace.index], status: 0).stdout
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Note on the harbour agreement")
        #expect(lines.contains("March 1959 (1959-03)"))
        #expect(lines.contains("collection: FRUS 1958–1960"))
        #expect(lines.contains("type: memorandum"))
        #expect(lines.contains("The body of the note."))
        #expect(lines.contains("notes/harbour-note.txt"))
    }

    @Test func anUnknownIdIsExitOneWithAMessage() throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.expect(["show", "no-such-record", "--index", workspace.index], status: 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("no record with id \"no-such-record\""), "\(result.stderr)")
        // Ids are looked up in the index, never as paths.
        try workspace.concord.expect(["show", "../corpus/letters/potsdam.txt", "--index", workspace.index], status: 1)
        try workspace.concord.expect(["show", "x", "--index", "missing-index"], status: 3)
    }
}
