import ArgumentParser
import Concord

/// `--index`, shared by every command that reads an index.
struct IndexOption: ParsableArguments {
    @Option(name: .long, help: "The index folder.")
    var index: String = "Index"

    func validate() throws {
        guard !index.isEmpty else { throw ValidationError("--index must not be empty; give the index folder") }
    }
}

/// Rejects an empty `--corpus` (which would otherwise mean the current folder).
func validateCorpus(_ corpus: String) throws {
    guard !corpus.isEmpty else { throw ValidationError("--corpus must not be empty; give the corpus folder") }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, jsonl
}

/// Runs `body`, turning library errors into a message on standard error and exit status 3.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch {
        // Errors may quote paths from the corpus or the index folder: one line, no terminal controls.
        printError("concord: error: \(String(describing: error).escapingControlCharacters)")
        throw ExitStatus.failure
    }
}
