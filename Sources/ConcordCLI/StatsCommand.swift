import ArgumentParser
import Concord
import Foundation

/// `concord stats`: documents, terms, segments, size on disk and average field lengths.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "stats", abstract: "Describe the index.")

    @OptionGroup var indexOption: IndexOption

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let stats = try reportingErrors { try IndexFolder(path: indexOption.index).statistics() }
        let fields = ["title", "summary", "body"]
        switch format {
        case .json, .jsonl:
            print(stats.jsonObject.text)
        case .text:
            print("documents  \(stats.documents)")
            print("terms      \(stats.terms)")
            print("segments   \(stats.segments) (\(stats.deletedDocuments) deleted documents awaiting merge)")
            print("size       \(stats.bytes) bytes")
            print("language   \(stats.language)")
            print("commit     \(stats.commitGeneration)")
            for field in fields {
                print("average \(field) length  \(String(format: "%.2f", stats.averageFieldLengths[field] ?? 0)) tokens")
            }
        }
    }
}
