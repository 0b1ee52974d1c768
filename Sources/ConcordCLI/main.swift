import ArgumentParser
import Concord
#if canImport(Glibc)
import Glibc
#endif

// No `AllocatorSettings` here: on Linux this executable links jemalloc (see Package.swift), which keeps
// freed pages for reuse on its own; glibc's settings would not reach it.

// `concord search "-visit meeting"` and `concord search -` must take the argument as the query, not as
// an unknown option, so such words are moved behind a `--` before ArgumentParser sees them.
let arguments = QueryArgumentRewriter.rewrite(Array(CommandLine.arguments.dropFirst()))
if let message = UnknownCommand.message(for: arguments) {
    printError(message)
    exit(ExitStatus.usage.rawValue)
}
do {
    // `search`, the command run most, is parsed on its own first: reading the whole command tree costs
    // ArgumentParser as much again in first-time type lookups (2 of a rare-term search's 27 million
    // instructions). Whatever that parse refuses (help, a usage error) is parsed again from the root, so
    // messages and exit statuses are the root command's.
    var command: ParsableCommand
    if arguments.first == "search", let direct = try? SearchCommand.parse(Array(arguments.dropFirst())) {
        command = direct
    } else {
        command = try ConcordCommand.parseAsRoot(arguments)
    }
    try command.run()
} catch {
    // ArgumentParser reports usage errors with its own status (64); Concord documents 2.
    if ConcordCommand.exitCode(for: error) == .validationFailure {
        printError(ConcordCommand.fullMessage(for: error))
        exit(ExitStatus.usage.rawValue)
    }
    ConcordCommand.exit(withError: error)
}
