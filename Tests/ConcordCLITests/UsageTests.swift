import Testing

/// Usage errors exit with status 2 and say what is wrong on standard error.
@Suite struct UsageTests {
    @Test(arguments: [
        ["search", "treaty", "--limit", "0"],
        ["search", "treaty", "--limit", "-3"],
        ["search", "treaty", "--page", "0"],
        ["search", "treaty", "--format", "xml"],
        ["search"],
        ["frobnicate"],
        ["index", "--ram-budget", "lots"],
        ["stats", "--unknown-flag"],
    ])
    func usageErrorsExitTwo(arguments: [String]) throws {
        let workspace = try Workspace.indexed()
        let result = try workspace.concord.run(arguments)
        #expect(result.status != 0 && result.status != 1, "\(result.describe(arguments))")
        #expect(!result.stderr.isEmpty)
        #expect(result.status == 2, "\(result.describe(arguments))")
        #expect(result.stdout.isEmpty || !result.stdout.contains("Results"))
    }
}
