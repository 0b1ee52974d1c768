import ArgumentParser
import Concord

@main
struct ConcordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "concord", abstract: "Full-text search over a folder of documents.")
    func run() throws {}
}
