import Foundation
import Testing

/// The query language and result options end to end: errors, date order, facets, date bounds,
/// metadata fields, snippets from the matching field, suggestions.
@Suite struct QueryLanguageCLITests {
    /// Records with metadata fields and a word that occurs only in a body, written into the workspace's
    /// copy of the fixture corpus (text in our own words).
    static let extraRecords = """
        {"id": "x-1", "title": "Grain shipments", "date": "1963-04-02", "collection": "frus", "summary": "Wheat sales are approved.", "body": "The quayside at Odessa was crowded with lorries."}
        {"id": "x-2", "title": "Shipping talks", "date": "1963", "collection": "frus", "summary": "Freight rates are agreed.", "body": "Nothing new."}
        {"id": "x-3", "title": "Harbor survey", "collection": "cia", "summary": "An undated report.", "body": "Cranes and lorries."}

        """

    static func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try Data(extraRecords.utf8).write(to: workspace.corpusFile("records/extra.jsonl"))
        let result = try workspace.concord.run(["index", "--corpus", workspace.corpus, "--index", workspace.index])
        guard result.status == 0 else { throw HarnessError.malformedOutput(result.describe(["index"])) }
        return workspace
    }

    static func json(_ workspace: Workspace, _ arguments: [String], status: Int32 = 0) throws -> [String: Any] {
        let result = try workspace.concord.expect(["search"] + arguments + ["--index", workspace.index, "--format", "json"], status: status)
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func results(_ object: [String: Any]) -> [[String: Any]] { object["results"] as? [[String: Any]] ?? [] }

    @Test func badSyntaxExitsTwoAndPointsAtThePosition() throws {
        let workspace = try Self.workspace()
        let result = try workspace.concord.expect(["search", "Berlin (Vietnam OR Laos", "--index", workspace.index], status: 2)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first?.contains("never closed") == true, "\(result.stderr)")
        #expect(lines.dropFirst().first == "  Berlin (Vietnam OR Laos")
        #expect(lines.dropFirst(2).first == "         ^")
        for bad in ["date:1972-13", "colection:frus", "Nixon AND", "K*"] {
            try workspace.concord.expect(["search", bad, "--index", workspace.index], status: 2)
        }
        let batch = try workspace.concord.expect(["search", "--batch", "--index", workspace.index],
                                                 status: 0, input: "date:19x\nPanmunjom\n")
        let lines2 = batch.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines2.count == 2)
        #expect(lines2.first?["error"] is String && lines2.first?["position"] as? Int == 5)
        #expect(lines2.last?["total"] as? Int == 1)
    }

    /// A program can hold one `search --batch` process open and converse with it: each query's line comes
    /// back while standard input is still open (nothing waits for more input or for the process's exit).
    @Test func batchAnswersEachLineBeforeTheNextArrives() throws {
        let workspace = try Self.workspace()
        let process = Process()
        process.executableURL = try ConcordProcess.executable()
        process.arguments = ["search", "--batch", "--index", workspace.index]
        process.currentDirectoryURL = workspace.concord.directory
        process.environment = ConcordProcess.environment()
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        // Lines read on another thread, so that a missing answer fails the test instead of hanging it.
        let lines = LineCollector()
        let reading = Thread {
            var pending = Data()
            while true {
                let chunk = output.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    lines.add(String(decoding: pending[pending.startIndex..<end], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...end)
                }
            }
        }
        reading.start()
        for (n, query) in ["Panmunjom", "date:19x", "lorries"].enumerated() {
            input.fileHandleForWriting.write(Data((query + "\n").utf8))
            let answered = lines.waitFor(count: n + 1, seconds: 60)
            try #require(answered, "no answer to \(query) while standard input stayed open")
        }
        let answers = lines.all.map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(answers.count == 3)
        #expect(answers[0]?["total"] as? Int == 1)
        #expect(answers[1]?["error"] is String)
        #expect(answers[2]?["total"] as? Int == 2)
        try input.fileHandleForWriting.close()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func browseSortedByDateWithUndatedLastAndExactPaging() throws {
        let workspace = try Self.workspace()
        let all = Self.results(try Self.json(workspace, ["*", "--sort", "date", "--limit", "100"]))
        let dates = all.map { $0["date"] as? String }
        let dated = dates.compactMap { $0 }
        #expect(dated == dated.sorted(), "oldest first")
        #expect(dates.drop { $0 != nil }.allSatisfy { $0 == nil }, "undated last")
        let newest = Self.results(try Self.json(workspace, ["*", "--sort", "-date", "--limit", "100"]))
        let newestDates = newest.compactMap { $0["date"] as? String }
        #expect(newestDates.first == dated.max())
        var paged: [String] = []
        for page in 1...4 {
            paged += Self.results(try Self.json(workspace, ["*", "--sort", "-date", "--limit", "9", "--page", String(page)], status: page <= 4 ? 0 : 1))
                .compactMap { $0["id"] as? String }
        }
        #expect(paged == newest.compactMap { $0["id"] as? String })
    }

    @Test func yearFacetsCountEveryHitAndDateBoundsFilter() throws {
        let workspace = try Self.workspace()
        let object = try Self.json(workspace, ["*", "--facet", "year", "--facet", "collection", "--limit", "1"])
        let facets = try #require(object["facets"] as? [String: Any])
        let years = try #require(facets["year"] as? [[String: Any]])
        let all = Self.results(try Self.json(workspace, ["*", "--limit", "100"]))
        var expected: [String: Int] = [:]
        for hit in all { if let date = hit["date"] as? String { expected[String(date.prefix(4)), default: 0] += 1 } }
        #expect(years.map { $0["value"] as? String ?? "" } == expected.keys.sorted())
        #expect(years.map { $0["count"] as? Int ?? 0 } == expected.keys.sorted().map { expected[$0] ?? 0 })
        let collections = try #require(facets["collection"] as? [[String: Any]])
        #expect(collections.map { $0["value"] as? String ?? "" } == ["frus", "cia"])
        #expect(collections.map { $0["count"] as? Int ?? 0 } == [2, 1])

        let bounded = Self.results(try Self.json(workspace, ["*", "--from", "1950", "--to", "1953-07", "--limit", "100"]))
        let inside = all.filter { ($0["date"] as? String).map { $0 >= "1950" && String($0.prefix(7)) <= "1953-07" } ?? false }
        #expect(Set(bounded.compactMap { $0["id"] as? String }) == Set(inside.compactMap { $0["id"] as? String }))
        #expect(!inside.isEmpty)
        let text = try workspace.concord.expect(["search", "*", "--facet", "decade", "--index", workspace.index], status: 0)
        #expect(text.stdout.contains("\nDecade ("), "\(text.stdout)")
        #expect(text.stdout.contains("1960s"))
    }

    @Test func metadataFieldsFilterAndAreReturned() throws {
        let workspace = try Self.workspace()
        let hits = Self.results(try Self.json(workspace, ["collection:frus", "--sort", "date"]))
        #expect(hits.compactMap { $0["id"] as? String } == ["x-2", "x-1"], "1963 (the whole year) starts before 1963-04-02")
        #expect(hits.first?["fields"] as? [String: String] == ["collection": "frus"])
        let excluded = Self.results(try Self.json(workspace, ["lorries -collection:cia"]))
        #expect(excluded.compactMap { $0["id"] as? String } == ["x-1"])
    }

    @Test func bodyOnlyMatchIsSnippetedFromTheBody() throws {
        let workspace = try Self.workspace()
        let hit = try #require(Self.results(try Self.json(workspace, ["Odessa"])).first)
        #expect(hit["snippet_field"] as? String == "body")
        #expect((hit["snippet"] as? String)?.contains("Odessa") == true)
        #expect((hit["highlights"] as? [[Int]])?.isEmpty == false)
        let text = try workspace.concord.expect(["search", "Odessa", "--index", workspace.index], status: 0)
        #expect(text.stdout.contains("x-1 · records/extra.jsonl:1"))
    }

    @Test func misspelledNameGetsASuggestion() throws {
        let workspace = try Self.workspace()
        let object = try Self.json(workspace, ["Panmunjon"], status: 1)
        #expect(object["suggestion"] as? String == "Panmunjom")
        let correct = try Self.json(workspace, ["Panmunjom"])
        #expect(correct["suggestion"] is NSNull)
        let text = try workspace.concord.expect(["search", "Panmunjon", "--index", workspace.index], status: 1)
        #expect(text.stdout.hasPrefix("Did you mean “Panmunjom”?"))
        // `--no-suggestions` leaves the suggestion out and nothing else.
        let unsuggested = try Self.json(workspace, ["Panmunjon", "--no-suggestions"], status: 1)
        #expect(unsuggested["suggestion"] is NSNull)
        #expect(unsuggested["total"] as? Int == object["total"] as? Int)
        let quiet = try workspace.concord.expect(["search", "Panmunjon", "--no-suggestions", "--index", workspace.index], status: 1)
        #expect(!quiet.stdout.contains("Did you mean"))
        let batch = try workspace.concord.run(["search", "--batch", "--no-suggestions", "--index", workspace.index],
                                              input: "Panmunjon\nPanmunjom\n")
        let lines = batch.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 2 && lines.allSatisfy { $0?["suggestion"] is NSNull })
        #expect((lines.last??["total"] as? Int ?? 0) > 0)
    }

    /// Random queries through `--batch`: every line is a result object or an error object, never a crash.
    @Test func fuzzedBatchQueriesAnswerEveryLine() throws {
        let workspace = try Self.workspace()
        let pieces = ["(", ")", "\"", "+", "-", "*", "~", "~2", ":", "..", ">=", " ", " ", " ", "AND", "OR", "NOT",
                      "title:", "date:", "collection:", "treaty", "trea", "Panmunjom", "1953", "-07", "é", "\t"]
        var state: UInt64 = 0x9E3779B97F4A7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let queries = (0..<300).map { _ in (0..<next(10)).map { _ in pieces[next(pieces.count)] }.joined() }
            .map { $0.replacingOccurrences(of: "\n", with: " ") }
        let result = try workspace.concord.run(["search", "--batch", "--index", workspace.index, "--sort", "-date", "--facet", "year"],
                                               input: queries.joined(separator: "\n") + "\n")
        #expect(result.status == 0 || result.status == 1, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == queries.count)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["results"] != nil || object?["error"] != nil, "\(line)")
        }
    }
}

/// Lines read from a process, handed from a reading thread to the test that waits for them.
private final class LineCollector: @unchecked Sendable {
    private let condition = NSCondition()
    private var lines: [String] = []

    func add(_ line: String) {
        condition.lock()
        lines.append(line)
        condition.broadcast()
        condition.unlock()
    }

    /// Whether `count` lines arrived within `seconds`.
    func waitFor(count: Int, seconds: Double) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        condition.lock()
        defer { condition.unlock() }
        while lines.count < count {
            if !condition.wait(until: deadline) { return lines.count >= count }
        }
        return true
    }

    var all: [String] {
        condition.lock()
        defer { condition.unlock() }
        return lines
    }
}
