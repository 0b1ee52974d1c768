import ArgumentParser
import Concord

/// `--index`, shared by every command that reads an index.
struct IndexOption: ParsableArguments {
    @Option(name: .long, help: "The index folder.")
    var index: String = "Index"
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl
}

/// Runs `body`, turning library errors into a message on standard error and exit status 3 (with
/// `exceptQueryErrors`, a `SearchError` is rethrown for the caller to answer).
func reportingErrors<T>(exceptQueryErrors: Bool = false, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as SearchError where exceptQueryErrors {
        throw error
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        printError("concord: error: \(error)")
        throw ExitStatus.failure
    }
}
