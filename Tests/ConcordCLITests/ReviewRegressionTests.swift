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
