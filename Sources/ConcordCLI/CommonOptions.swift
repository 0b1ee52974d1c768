import ArgumentParser
import Concord

/// `--index`, shared by every command that reads an index.
struct IndexOption: ParsableArguments {
    static let defaultPath = "Index"

    @Option(name: .customLong("index"), help: "The index folder (default: Index).")
    var explicitIndex: String?

    /// The index folder: the one given, else `Index`.
    var index: String { explicitIndex ?? Self.defaultPath }

    /// Whether the user named the folder (a search then never builds an index there by itself).
    var isExplicit: Bool { explicitIndex != nil }

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
