import ArgumentParser
import Concord

/// The `concord` command: a thin shell over the `Concord` library.
struct ConcordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concord",
        abstract: "Full-text search over a folder of documents.",
        discussion: """
            Exit status: 0 success; 1 no results; 2 usage error; 3 error (missing or damaged index, \
            I/O failure, index locked); 4 indexed, but the corpus has malformed records or unreadable files.
            """,
        version: "concord \(ConcordCommand.version) (index format \(IndexFolder.formatVersion))",
        subcommands: [SearchCommand.self, IndexCommand.self, ShowCommand.self, AnalyzeCommand.self, StatsCommand.self, CheckCommand.self]
    )
}

extension ConcordCommand {
    /// The release of this build of `concord`.
    static let version = "0.2.0"
}

/// Exit statuses, documented in `concord --help` and the README.
enum ExitStatus {
    static let noResults = ExitCode(1)
    static let usage = ExitCode(2)
    static let failure = ExitCode(3)
    static let corpusErrors = ExitCode(4)
}
