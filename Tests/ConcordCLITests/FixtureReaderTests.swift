import Testing

/// The test-side reader of the fixture corpus finds every record the fixture files were written with,
/// so the other suites compare against complete data.
@Suite struct FixtureReaderTests {
    @Test func everyFixtureRecordIsRead() throws {
        let documents = try FixtureCorpus.loaded.get()
        // Written as: 10 listing records, 9 JSON lines, 6 .txt files and 3 .md files.
        #expect(documents.filter { $0.location.hasPrefix("archive/") }.count == 10)
        #expect(documents.filter { $0.location.hasPrefix("records/") }.count == 9)
        #expect(documents.filter { $0.location.hasSuffix(".txt") }.count == 6)
        #expect(documents.filter { $0.location.hasSuffix(".md") }.count == 3)
        #expect(documents.allSatisfy { !$0.title.isEmpty && !$0.summary.isEmpty })
        #expect(Set(documents.map(\.location)).count == documents.count)
    }

    @Test func readerFollowsTheDocumentedLayouts() throws {
        let potsdam = try #require(FixtureCorpus.document(at: "letters/potsdam.txt"))
        #expect(potsdam.summary.hasPrefix("The three governments"))
        #expect(potsdam.body.hasPrefix("The protocol leaves"))
        let marshall = try #require(FixtureCorpus.document(at: "letters/marshall-plan.txt"))
        #expect(marshall.isoDate == nil && marshall.title == "Offer of Economic Aid to Europe")
        let ostpolitik = try #require(FixtureCorpus.document(at: "notes/ostpolitik.md"))
        #expect(ostpolitik.isoDate == "1971" && ostpolitik.title == "Gespräch über die Ostpolitik")
        let budapest = try #require(FixtureCorpus.documents.first { $0.title.contains("Budapest") })
        #expect(budapest.displayDate == "November 1956")
    }
}
