import Foundation
import Testing

/// `concord search` text output: header, result blocks, paging, past-the-end pages and colour rules.
@Suite struct SearchTextOutputTests {
    /// Splits text output into the header and the result blocks (lines between blank lines).
    static func blocks(_ text: String) -> (header: String, blocks: [[String]]) {
        let parts = text.components(separatedBy: "\n\n")
        let header = parts.first ?? ""
        let blocks = parts.dropFirst().map { $0.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }
        return (header, blocks)
    }

    // MARK: - Header and result blocks

    @Test func textResultsShowDateTitleSummarySnippetAndSource() throws {
        let workspace = try Workspace.indexed()
        let reference = try ReferenceRanking.load()
        let expectedTotal = reference.matches(try workspace.terms("treaty")).count
        #expect(expectedTotal >= 7, "the fixture should have at least 7 documents about treaties")

        let arguments = ["search", "treaty", "--index", workspace.index]
        let result = try workspace.concord.expect(arguments, status: 0)
        #expect(!result.stdout.contains("\u{1B}"), "piped output must have no escape codes")
        let (header, blocks) = Self.blocks(result.stdout)
        #expect(header == "Results 1–\(min(10, expectedTotal)) of \(expectedTotal) for “treaty”")
        #expect(blocks.count == min(10, expectedTotal))

        let json = try workspace.searchJSON("treaty", limit: 10)
        for (block, hit) in zip(blocks, json.results) {
            let document = try #require(FixtureCorpus.document(at: hit.source), "unknown source \(hit.source)")
            var lines = block[...]
            if let display = document.displayDate {
                #expect(lines.popFirst() == display)
            }
            #expect(lines.popFirst() == document.title)
            #expect(lines.popFirst() == hit.snippet)
            #expect(lines.popFirst() == "\(hit.id) · \(document.location)")
            #expect(lines.isEmpty, "unexpected extra lines \(Array(lines))")
            #expect(SearchJSONTests.snippet(hit.snippet, isTakenFrom: try SearchJSONTests.field(hit, of: document)))
        }
    }

    @Test func listingSourcesPointAtTheRecordsDateLine() throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.expect(["search", "Panmunjom", "--index", workspace.index], status: 0)
        let (header, blocks) = Self.blocks(result.stdout)
        #expect(header == "Results 1–1 of 1 for “Panmunjom”")
        let lines = try String(contentsOf: workspace.corpusFile("archive/results-page.listing"), encoding: .utf8)
            .components(separatedBy: "\n")
        let dateLine = try #require(lines.firstIndex(of: "July 27, 1953")) + 1
        let id = try #require(try workspace.searchJSON("Panmunjom").results.first?.id)
        #expect(blocks.first == ["July 27, 1953", "Report on the Signing of the Korean Armistice",
                                 "The armistice was signed at Panmunjom after two years of talks; no peace treaty "
                                     + "followed and the line was frozen.",
                                 "\(id) · archive/results-page.listing:\(dateLine)"])
    }

    @Test func partialDatesAreShownAtTheirPrecision() throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.expect(["search", "Budapest uprising", "--index", workspace.index, "--limit", "1"],
                                                  status: 0)
        #expect(Self.blocks(result.stdout).blocks.first?.first == "November 1956")
    }

    @Test func undatedRecordHasNoDateLine() throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.expect(["search", "commencement", "--index", workspace.index], status: 0)
        let document = try #require(FixtureCorpus.document(at: "letters/marshall-plan.txt"))
        #expect(Self.blocks(result.stdout).blocks == [[document.title, document.summary, "\(document.location) · \(document.location)"]])
    }

    @Test func noResultsExitsOne() throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.expect(["search", "zzzz", "--index", workspace.index], status: 1)
        #expect(result.stdout.contains("No results"))
        #expect(result.stdout.contains("zzzz"))
    }

    // MARK: - Paging

    @Test func secondPageContinuesTheRanking() throws {
        let workspace = try Workspace.indexed()
        let all = try workspace.searchJSON("treaty", limit: 100)
        let arguments = ["search", "treaty", "--index", workspace.index, "--page", "2", "--limit", "3"]
        let text = try workspace.concord.expect(arguments, status: 0)
        let (header, blocks) = Self.blocks(text.stdout)
        #expect(header == "Results 4–6 of \(all.total) for “treaty”")
        #expect(blocks.map { $0.last ?? "" } == all.results[3..<6].map { "\($0.id) · \($0.source)" })

        let page = try workspace.searchJSON("treaty", limit: 3, page: 2)
        #expect(page.results.map(\.rank) == [4, 5, 6])
        #expect(page.results.map(\.id) == all.results[3..<6].map(\.id))
        #expect(page.total == all.total && page.page == 2 && page.limit == 3)
    }

    @Test func pagePastTheEndExitsOneButStillPrintsTheTotal() throws {
        let workspace = try Workspace.indexed()
        let total = try workspace.searchJSON("treaty").total
        let pastEnd = String(total / 3 + 2)
        let arguments = ["search", "treaty", "--index", workspace.index, "--page", pastEnd, "--limit", "3", "--format", "json"]
        let result = try workspace.concord.expect(arguments, status: 1)
        let page = try SearchPage.decode(result.stdout)
        #expect(page.total == total)
        #expect(page.results.isEmpty)
        #expect(page.page == Int(pastEnd))

        let text = try workspace.concord.expect(Array(arguments.dropLast(2)), status: 1)
        #expect(text.stdout.contains("\(total)"))
    }

    // MARK: - Colour

    @Test func terminalOutputIsBoldUnlessNoColorIsSet() throws {
        let workspace = try Workspace.indexed()
        func runOnTerminal(noColor: Bool) throws -> String {
            let process = Process()
            process.executableURL = try ConcordProcess.executable()
            process.arguments = ["search", "Panmunjom", "--index", workspace.index]
            process.currentDirectoryURL = workspace.root
            process.environment = ConcordProcess.environment(noColor ? ["NO_COLOR": "1"] : [:])
            process.standardError = FileHandle.nullDevice
            return try PseudoTerminal().capture(process)
        }
        let colored = try runOnTerminal(noColor: false)
        #expect(colored.contains("\u{1B}[1mPanmunjom\u{1B}[0m"), "highlight should be bold on a terminal: \(colored)")
        let plain = try runOnTerminal(noColor: true)
        #expect(plain.contains("Panmunjom"))
        #expect(!plain.contains("\u{1B}"), "NO_COLOR must turn escape codes off: \(plain)")
    }
}
