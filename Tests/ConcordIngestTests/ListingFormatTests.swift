import Foundation
import Testing
@testable import ConcordIngest

@Suite struct ListingFormatTests {
    /// Builds a page in the archive's shape: chrome, then date / title / summary records separated by blank lines.
    static func page(_ records: [(date: String, title: String, summary: String)]) -> String {
        var text = "Skip to content\n\n1 - \(records.count) of \(records.count)\n\n"
        for record in records {
            text += "\(record.date)\n\n\(record.title)\n\n\(record.summary)\n\n"
        }
        return text + "Back to top\n"
    }

    // MARK: - Page in the archive's shape

    @Test func readsTheFixturePage() throws {
        let url = try #require(Bundle.module.url(forResource: "harbour-archive-page", withExtension: "listing",
                                                 subdirectory: "Fixtures"))
        let bytes = try [UInt8](Data(contentsOf: url))
        let contents = Corpus.parse(bytes, path: "pages/p3.listing", format: .listing)
        #expect(contents.diagnostics.isEmpty)
        #expect(contents.documents.map(\.date?.iso) == ["1921-03-03", "1921-06", "1922-08-14", "1923", "1924-09-30",
                                                         "1925-02-11", "1926-11-02"])
        #expect(contents.documents.map(\.line) == [8, 14, 20, 27, 33, 39, 45])

        let first = try #require(contents.documents.first)
        #expect(first.id == "pages/p3.listing#1921-03-03-report-of-the-harbour-commission-on-silting-at-the-east-pier")
        #expect(first.title == "Report of the Harbour Commission on Silting at the East Pier")
        #expect(first.summary.hasPrefix("The commission finds that the east channel"))
        #expect(first.source == "pages/p3.listing")

        let multiLine = contents.documents[2]
        #expect(multiLine.summary == "Members argue over night pilotage fees and the licensing of apprentices. "
                + "A complaint from the ferry company about delays at the lock is referred to a committee.")
        #expect(multiLine.id.hasSuffix("#1922-08-14-minutes-of-the-pilots-association-summer-meeting"))

        let accented = contents.documents[5]
        #expect(accented.id == "pages/p3.listing#1925-02-11-memoire-sur-leclairage-des-cotes-brest")
        #expect(accented.title == "Mémoire sur l’éclairage des côtes, Brest")
        #expect(contents.documents.last?.summary == "A second request for tugs, this time for the winter season.")
    }

    @Test func chromeOnlyPageWarnsThatNoRecordWasFound() {
        let contents = parse("Skip to content\n\n121 - 130 of 131\n\nNext\n", path: "empty.listing")
        #expect(contents.documents.isEmpty)
        #expect(contents.diagnostics.map(\.severity) == [.warning])
    }

    @Test func recordWithoutSummaryEndsAtTheNextDate() {
        let contents = parse("May 1, 1949\n\nTitle A\n\nMay 2, 1949\n\nTitle B\n\nSummary B.\n", path: "l.listing")
        #expect(contents.documents.map(\.title) == ["Title A", "Title B"])
        #expect(contents.documents.map(\.summary) == ["", "Summary B."])
    }

    @Test func dateWithoutTitleIsDroppedWithAWarning() {
        let contents = parse("May 1, 1949\n\nMay 2, 1949\n\nTitle B\n\nSummary B.\n", path: "l.listing")
        #expect(contents.documents.map(\.title) == ["Title B"])
        #expect(contents.diagnostics.map(\.line) == [1])
        #expect(contents.diagnostics.first?.severity == .warning)
    }

    // MARK: - Stable ids

    @Test func idsStayTheSameWhenRecordsAreAddedBeforeAndAfter() {
        let original = [
            ("October 8, 1950", "Letter on the fishing fleet", "The fleet stays in port."),
            ("February 9, 1951", "Record of a conversation about ferries", "Two routes are merged."),
        ]
        let grown = [("January 2, 1949", "A newer entry at the top", "Added later.")] + original
            + [("March 3, 1953", "An entry at the bottom", "Also added later.")]
        let before = parse(Self.page(original), path: "p.listing").documents
        let after = parse(Self.page(grown), path: "p.listing").documents
        #expect(before.count == 2 && after.count == 4)
        #expect(Array(after.map(\.id)[1...2]) == before.map(\.id))
        #expect(after[1].line != before[0].line)
        #expect(Set(after.map(\.id)).count == 4)
    }

    @Test func repeatedDateAndTitleGetCounterSuffixes() {
        let repeated = ("July 17, 1952", "Ciphered telegram", "Text.")
        let documents = parse(Self.page([repeated, repeated, ("July 17, 1952", "Other", "x"), repeated]),
                              path: "r.listing").documents
        #expect(documents.map(\.id) == [
            "r.listing#1952-07-17-ciphered-telegram", "r.listing#1952-07-17-ciphered-telegram-2",
            "r.listing#1952-07-17-other", "r.listing#1952-07-17-ciphered-telegram-3",
        ])
    }

    @Test func counterSuffixesNeverCollideWithAnotherTitle() {
        // "Talks 2" slugs to "talks-2", the id the second "Talks" would get: both must survive.
        let documents = parse(Self.page([("October 8, 1950", "Talks", "a"), ("October 8, 1950", "Talks", "b"),
                                         ("October 8, 1950", "Talks 2", "c"), ("October 8, 1950", "Talks", "d")]),
                              path: "t.listing").documents
        #expect(documents.count == 4)
        #expect(Set(documents.map(\.id)).count == 4, "\(documents.map(\.id))")
    }

    // MARK: - Slugs

    @Test func slugsAreFoldedTruncatedAndNeverEmpty() {
        #expect(ListingParser.slug("Cable, Stalin to Mao Zedong [via Kovalev]") == "cable-stalin-to-mao-zedong-via-kovalev")
        #expect(ListingParser.slug("Straße über Ærø — Łódź") == "strasse-uber-aero-lodz")
        #expect(ListingParser.slug("Kim's reply") == "kims-reply")
        let long = ListingParser.slug(String(repeating: "telegram ", count: 20))
        #expect(long.count <= ListingParser.maximumSlugLength)
        #expect(long.hasPrefix("telegram-telegram") && !long.hasSuffix("-"))
        let chinese = ListingParser.slug("毛泽东致斯大林电")
        #expect(chinese.count == 17 && chinese.hasPrefix("x"))
        #expect(chinese == ListingParser.slug("毛泽东致斯大林电"))
        #expect(chinese != ListingParser.slug("斯大林致毛泽东电"))
    }
}
