import Testing
@testable import ConcordIngest

@Suite struct PlainTextFormatTests {
    // MARK: - Without a header

    @Test func titleDateSummaryAndBodyFromPlainLines() throws {
        let text = """
        Notes on the Harbour Lights

        October 8, 1950

        The lamps on the outer mole were converted to electricity,
        a year later than planned.

        Work began in spring.
        The old oil store was kept as a shed.

        Costs are listed at the end.
        """
        let contents = parse(text, path: "notes/lights.txt")
        let document = try #require(contents.documents.first)
        #expect(contents.documents.count == 1)
        #expect(document.id == "notes/lights.txt")
        #expect(document.source == "notes/lights.txt")
        #expect(document.line == nil)
        #expect(document.title == "Notes on the Harbour Lights")
        #expect(document.date == PartialDate(year: 1950, month: 10, day: 8))
        #expect(document.summary == "The lamps on the outer mole were converted to electricity, a year later than planned.")
        #expect(document.body == "Work began in spring.\nThe old oil store was kept as a shed.\n\nCosts are listed at the end.")
        #expect(contents.diagnostics.isEmpty)
    }

    @Test func bareYearLineDirectlyAfterTitleIsTheDate() throws {
        let document = try #require(parse("Dredging Plans\n1950\nA short summary.\n", path: "a.txt").documents.first)
        #expect(document.date == PartialDate(year: 1950))
        #expect(document.summary == "A short summary.")
        #expect(document.body == "")
    }

    @Test func lineAfterTitleThatIsNotADateStartsTheSummary() throws {
        let document = try #require(parse("Dredging Plans\n\n1950 was a dry year.\n\nMore.", path: "a.txt").documents.first)
        #expect(document.date == nil)
        #expect(document.summary == "1950 was a dry year.")
        #expect(document.body == "More.")
    }

    @Test func titleOnlyFile() throws {
        let document = try #require(parse("\n\n  Just a title  \n\n", path: "t.txt").documents.first)
        #expect(document.title == "Just a title")
        #expect(document.summary == "")
        #expect(document.body == "")
    }

    @Test func emptyFileGivesNoDocumentAndAWarning() {
        let contents = parse(" \n\n", path: "empty.txt")
        #expect(contents.documents.isEmpty)
        #expect(contents.diagnostics.map(\.severity) == [.warning])
        #expect(contents.diagnostics.first?.file == "empty.txt")
    }

    // MARK: - With a header

    @Test func headerFieldsAndFirstParagraphAsSummary() throws {
        let text = """
        Title: Survey of the Breakwater
        date: 8 October 1950
        ID: survey-7
        LANGUAGE: en
        Surveyor: J. Marsh

        The breakwater has settled unevenly.

        Section two describes the soundings.
        """
        let contents = parse(text, path: "survey.txt")
        let document = try #require(contents.documents.first)
        #expect(document.id == "survey-7")
        #expect(document.title == "Survey of the Breakwater")
        #expect(document.date == PartialDate(year: 1950, month: 10, day: 8))
        #expect(document.language == "en")
        #expect(document.extra == ["surveyor": "J. Marsh"])
        #expect(document.summary == "The breakwater has settled unevenly.")
        #expect(document.body == "Section two describes the soundings.")
        #expect(contents.diagnostics.isEmpty)
    }

    @Test func headerSummaryLeavesAllTextInTheBody() throws {
        let text = "Title: T\nSummary: Given up front.\n\nFirst paragraph.\n\nSecond paragraph.\n"
        let document = try #require(parse(text, path: "s.txt").documents.first)
        #expect(document.summary == "Given up front.")
        #expect(document.body == "First paragraph.\n\nSecond paragraph.")
    }

    @Test func headerWithoutTitleTakesTheFirstTextLine() throws {
        let document = try #require(parse("Date: 1951\n\nHeadline\n\nSummary text.", path: "h.txt").documents.first)
        #expect(document.title == "Headline")
        #expect(document.date == PartialDate(year: 1951))
        #expect(document.summary == "Summary text.")
        #expect(document.id == "h.txt")
    }

    @Test func unparseableHeaderDateIsAWarningWithItsLine() throws {
        let contents = parse("Title: T\nDate: the thirtieth of Febtober\n\nText.", path: "d.txt")
        let document = try #require(contents.documents.first)
        #expect(document.date == nil)
        let warning = try #require(contents.diagnostics.first)
        #expect(warning.severity == .warning)
        #expect(warning.line == 2)
        #expect(warning.message.contains("Febtober"))
    }

    @Test func firstLineWithUnknownKeyIsNotAHeader() throws {
        let document = try #require(parse("Note: the harbour froze\n\nIt did.", path: "n.txt").documents.first)
        #expect(document.title == "Note: the harbour froze")
        #expect(document.extra.isEmpty)
    }

    @Test func headerRunningIntoTextWarnsAndKeepsTheText() throws {
        let contents = parse("Title: T\nno colon here\nstill text\n\nBody.", path: "r.txt")
        let document = try #require(contents.documents.first)
        #expect(document.title == "T")
        #expect(document.summary == "no colon here still text")
        #expect(document.body == "Body.")
        #expect(contents.diagnostics.map(\.line) == [2])
    }

    // MARK: - Markdown

    @Test func markdownHeadingMarksAreStrippedFromTheTitle() throws {
        let text = "# Minutes of the *Dock* Board #\n\nMay 1949\n\nShort summary.\n\n## Attendance\n\nEveryone came."
        let document = try #require(parse(text, path: "board.md").documents.first)
        #expect(document.title == "Minutes of the *Dock* Board")
        #expect(document.date == PartialDate(year: 1949, month: 5))
        #expect(document.summary == "Short summary.")
        #expect(document.body == "## Attendance\n\nEveryone came.")
    }

    @Test func markdownSetextHeadingAndHashtagTitle() throws {
        let setext = try #require(parse("Tide Tables\n===========\n\nSummary.", path: "t.md").documents.first)
        #expect(setext.title == "Tide Tables")
        #expect(setext.summary == "Summary.")
        let hashtag = try #require(parse("#harbour notes\n\nSummary.", path: "h.md").documents.first)
        #expect(hashtag.title == "#harbour notes")
    }

    @Test func textFilesKeepALeadingHash() throws {
        let document = try #require(parse("# Not markdown\n\nSummary.", path: "x.txt").documents.first)
        #expect(document.title == "# Not markdown")
    }
}

/// A one-line file of a whole book: its line is text, not a title (issue 6, defect 8).
@Test func aFirstLineLongerThanATitleStartsTheSummary() throws {
    let line = (0..<300).map { "word\($0)" }.joined(separator: " ")
    #expect(line.utf8.count > PlainTextParser.maxTitleLineBytes)
    let document = try #require(parse(line + "\n\nMore text.\n", path: "book.txt").documents.first)
    #expect(document.title == "")
    #expect(document.summary == line)
    #expect(document.body == "More text.")
    let short = try #require(parse("A short title\n\nText.\n", path: "note.txt").documents.first)
    #expect(short.title == "A short title")
}
