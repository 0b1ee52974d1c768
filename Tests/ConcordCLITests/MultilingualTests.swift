import Foundation
import Testing

/// Queries find records in other scripts and with or without diacritics.
@Suite struct MultilingualTests {
    static func location(titled fragment: String) throws -> String {
        try #require(FixtureCorpus.documents.first { $0.title.contains(fragment) }?.location, "no fixture titled \(fragment)")
    }

    @Test(arguments: ["Petain", "Pétain", "PÉTAIN", "petain"])
    func diacriticsAndCaseDoNotMatter(query: String) throws {
        let workspace = try Workspace.indexed()
        let page = try workspace.searchJSON(query)
        #expect(Set(page.sources) == [try Self.location(titled: "Vichy"), try Self.location(titled: "Compiègne")])
    }

    @Test func unaccentedQueryFindsAccentedTitle() throws {
        let workspace = try Workspace.indexed()
        #expect(try workspace.searchJSON("Compiegne").sources == [try Self.location(titled: "Compiègne")])
        #expect(try workspace.searchJSON("communique").sources == [try Self.location(titled: "Communiqué")])
    }

    @Test func sharpSAndUmlautsFold() throws {
        let workspace = try Workspace.indexed()
        let expected: Set = [try Self.location(titled: "Sowjetunion"), try Self.location(titled: "Ostpolitik")]
        #expect(Set(try workspace.searchJSON("Neisse").sources) == expected)
        #expect(Set(try workspace.searchJSON("Neiße").sources) == expected)
        #expect(try workspace.searchJSON("Gesprach").sources == [try Self.location(titled: "Ostpolitik")])
    }

    @Test func cyrillicQueryFindsTheRussianRecord() throws {
        let workspace = try Workspace.indexed()
        let russian = try Self.location(titled: "Беседа")
        #expect(try workspace.searchJSON("переговоры").sources == [russian])
        #expect(try workspace.searchJSON("ФИНЛЯНДИИ").sources == [russian])
        let page = try workspace.searchJSON("переговоров")
        let hit = try #require(page.results.first)
        let highlighted = hit.highlights.map { range in
            String(String.UnicodeScalarView(Array(hit.snippet.unicodeScalars)[range[0]..<range[1]]))
        }
        #expect(highlighted == ["переговоров"])
    }

    @Test func chineseQueryFindsTheChineseRecord() throws {
        let workspace = try Workspace.indexed()
        let chinese = try Self.location(titled: "周恩来")
        #expect(try workspace.searchJSON("周恩来").sources == [chinese])
        #expect(try workspace.searchJSON("和平共处").sources == [chinese])
    }
}
