import Foundation
import Testing

/// What one run of the `concord` executable produced.
struct CommandResult: Sendable {
    var status: Int32
    var stdout: String
    var stderr: String

    /// Arguments, status and both streams, for failure messages.
    func describe(_ arguments: [String]) -> String {
        "concord \(arguments.joined(separator: " ")) → exit \(status)\nstdout:\n\(stdout)\nstderr:\n\(stderr)"
    }
}

/// Errors of the test harness itself (not of the command under test).
enum HarnessError: Error, CustomStringConvertible {
    case executableMissing(searched: [String])
    case timedOut(arguments: [String])
    case malformedOutput(String)

    var description: String {
        switch self {
        case .executableMissing(let searched):
            return "the concord executable was not found (looked at \(searched.joined(separator: ", "))); "
                + "run `swift build --build-tests` first"
        case .timedOut(let arguments):
            return "concord \(arguments.joined(separator: " ")) did not finish in time"
        case .malformedOutput(let detail):
            return "unexpected output: \(detail)"
        }
    }
}

/// Runs the built `concord` executable as a subprocess in a working directory, with standard output and
/// error captured through files (so large outputs can never block on a full pipe).
struct ConcordProcess: Sendable {
    /// The package root, found from this source file: Tests/ConcordCLITests/<file>.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable next to the running test bundle (same build configuration), else `.build/debug/concord`.
    static func executable() throws -> URL {
        var candidates: [URL] = []
        if let runner = Bundle.main.executableURL {
            candidates.append(runner.deletingLastPathComponent().appendingPathComponent("concord"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/concord"))
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        throw HarnessError.executableMissing(searched: candidates.map(\.path))
    }

    /// The directory the command runs in (relative paths such as `corpus` resolve against it).
    let directory: URL

    /// The environment for a piped run: the test's own, without NO_COLOR unless `extra` sets it.
    static func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = nil
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// Runs `concord arguments…`, feeding `input` on standard input (empty when nil).
    func run(_ arguments: [String], input: String? = nil, environment: [String: String] = ConcordProcess.environment(),
             timeout: TimeInterval = 60) throws -> CommandResult {
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("concord-cli-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("stdout")
        let errURL = scratch.appendingPathComponent("stderr")
        let inURL = scratch.appendingPathComponent("stdin")
        try Data((input ?? "").utf8).write(to: inURL)
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let outHandle = try FileHandle(forWritingTo: outURL)
        let errHandle = try FileHandle(forWritingTo: errURL)
        let inHandle = try FileHandle(forReadingFrom: inURL)
        defer {
            try? outHandle.close()
            try? errHandle.close()
            try? inHandle.close()
        }

        let process = Process()
        process.executableURL = try Self.executable()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.environment = environment
        process.standardInput = inHandle
        process.standardOutput = outHandle
        process.standardError = errHandle
        let finished = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in finished.signal() }
        try process.run()
        if finished.wait(timeout: .now() + timeout) == .timedOut {
            process.terminate()
            throw HarnessError.timedOut(arguments: arguments)
        }
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                             stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
    }

    /// Runs a command that must exit with `status` (recording an issue with both streams otherwise).
    @discardableResult
    func expect(_ arguments: [String], status: Int32, input: String? = nil,
                sourceLocation: SourceLocation = #_sourceLocation) throws -> CommandResult {
        let result = try run(arguments, input: input)
        #expect(result.status == status, "\(result.describe(arguments))", sourceLocation: sourceLocation)
        return result
    }
}
