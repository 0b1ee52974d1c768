import Foundation
import Testing

/// Inputs a code review found mishandled, each kept as a regression test.
@Suite struct ReviewRegressionTests {
    @Test(arguments: [
        ["--page", "9223372036854775807", "--limit", "10"],
        ["--page", "2", "--limit", "9223372036854775807"],
    ])
    func absurdPagesAreEmptyNotACrash(paging: [String]) throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.run(["search", "treaty", "--index", workspace.index, "--format", "json"] + paging)
        #expect(result.status == 1, "\(result.describe(paging))")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((object["results"] as? [Any])?.isEmpty == true)
        #expect((object["total"] as? Int ?? 0) > 0)
    }

    @Test func aMisspelledOptionIsAUsageErrorNotAQueryWord() throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.run(["search", "--limti", "3", "treaty", "--index", workspace.index])
        #expect(result.status == 2, "\(result.describe([]))")
        #expect(result.stderr.contains("limti"))
    }

    @Test func batchExitStatusCountsPagesPastTheEnd() throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.run(["search", "--batch", "--page", "99", "--index", workspace.index],
                                               input: "treaty\n")
        #expect(result.status == 1, "\(result.describe([]))")
        #expect(result.stdout.contains("\"total\""))
    }

    @Test(arguments: ["0", "8796093022208", "-1"])
    func ramBudgetOutOfRangeIsAUsageError(budget: String) throws {
        let workspace = try Workspace()
        let result = try workspace.concord.run(["index", "--corpus", workspace.corpus, "--index", workspace.index,
                                                "--ram-budget", budget])
        #expect(result.status == 2, "\(result.describe([budget]))")
    }
}

/// `--no-snippets` changes nothing but the snippets.
@Suite struct NoSnippetsTests {
    @Test func rankingIsTheSameWithoutSnippets() throws {
        let workspace = try Workspace.indexed()
        func page(_ extra: [String]) throws -> [[String: Any]] {
            let result = try workspace.concord.run(["search", "treaty Soviet", "--index", workspace.index, "--format", "json",
                                                    "--limit", "20"] + extra)
            #expect(result.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return try #require(object["results"] as? [[String: Any]])
        }
        let with = try page([]), without = try page(["--no-snippets"])
        #expect(!with.isEmpty)
        #expect(with.map { $0["id"] as? String } == without.map { $0["id"] as? String })
        #expect(with.map { $0["score"] as? Double } == without.map { $0["score"] as? Double })
        #expect(with.contains { ($0["snippet"] as? String ?? "").isEmpty == false })
        #expect(without.allSatisfy { ($0["snippet"] as? String) == "" && ($0["highlights"] as? [Any])?.isEmpty == true })
    }
}
