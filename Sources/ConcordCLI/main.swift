import ArgumentParser
import Concord
#if canImport(Glibc)
import Glibc
#endif

AllocatorSettings.keepFreedMemory()

// `concord search "-visit meeting"` and `concord search -` must take the argument as the query, not as
// an unknown option, so such words are moved behind a `--` before ArgumentParser sees them.
let arguments = QueryArgumentRewriter.rewrite(Array(CommandLine.arguments.dropFirst()))
if let message = UnknownCommand.message(for: arguments) {
    printError(message)
    exit(ExitStatus.usage.rawValue)
}
do {
    var command = try ConcordCommand.parseAsRoot(arguments)
    try command.run()
} catch {
    // ArgumentParser reports usage errors with its own status (64); Concord documents 2.
    if ConcordCommand.exitCode(for: error) == .validationFailure {
        printError(ConcordCommand.fullMessage(for: error))
        exit(ExitStatus.usage.rawValue)
    }
    ConcordCommand.exit(withError: error)
}
