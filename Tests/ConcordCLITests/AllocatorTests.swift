import Testing

/// The `concord` executable allocates with jemalloc on Linux (Package.swift links it; the build's speed
/// depends on it), for every command, not only when run from a script that preloads it.
@Suite struct AllocatorTests {
    #if os(Linux)
    @Test func searchRunsOnJemalloc() throws {
        let workspace = try Workspace.indexed()
        // jemalloc reads MALLOC_CONF at its first allocation; `stats_print` makes it report at exit, which
        // only the allocator serving the process does (glibc ignores the variable).
        let arguments = ["search", "treaty", "--index", workspace.index]
        let result = try workspace.concord.run(arguments, environment: ConcordProcess.environment(["MALLOC_CONF": "stats_print:true"]))
        #expect(result.status == 0, "\(result.describe(arguments))")
        #expect(result.stdout.contains("treaty") || result.stdout.contains("Treaty"), "\(result.describe(arguments))")
        #expect(result.stderr.contains("Begin jemalloc statistics"))
        // Without the variable nothing is printed: the statistics above came from the option, not by default.
        let quiet = try workspace.concord.run(arguments)
        #expect(!quiet.stderr.contains("jemalloc"))
    }
    #endif
}
