import ArgumentParser
import Concord

/// `concord check`: verifies every file of the current commit; exits 3 naming the file and problem.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify the index: checksums and structure of every file the current commit names.")

    @OptionGroup var indexOption: IndexOption

    func run() throws {
        let report = try reportingErrors { try IndexFolder(path: indexOption.index).check() }
        for warning in report.warnings { printError("concord: warning: \(warning)") }
        for problem in report.problems { printError("concord: error: \(problem)") }
        if report.isHealthy {
            print("ok: \(report.documents) documents, \(report.segments) segments, \(report.terms) terms checked")
        } else {
            throw ExitStatus.failure
        }
    }
}
