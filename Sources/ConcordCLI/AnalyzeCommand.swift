import ArgumentParser
import Concord

/// `concord analyze`: shows the tokens the analyzer makes of a text — the exact analyzer of an index
/// with `--index`.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Print the tokens of a text: term, position, offsets (Unicode scalars), stop word.")

    @Argument(help: "The text; read from standard input when omitted.")
    var text: String?

    @Option(help: "Use the analyzer this index was built with.")
    var index: String?

    @Option(help: "Stemming language when no index is given.")
    var language: String = "english"

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        if index?.isEmpty == true { throw ValidationError("--index must not be empty; give the index folder") }
    }

    func run() throws {
        let analyzer: Analyzer = try reportingErrors {
            if let index { return try IndexFolder(path: index).analyzer() }
            return try Analyzer(configuration: .standard(language: language))
        }
        var input = text ?? ""
        if text == nil {
            var lines: [String] = []
            while let line = readLine(strippingNewline: false) { lines.append(line) }
            input = lines.joined()
        }
        let tokens = analyzer.tokens(input)
        switch format {
        case .json, .jsonl:
            print(JSONValue.array(tokens.map { token in
                .object([("term", .string(token.term)), ("position", .int(token.position)),
                         ("start", .int(token.start)), ("end", .int(token.end)), ("stop", .bool(token.isStopWord))])
            }).text)
        case .text:
            for token in tokens {
                print("\(token.position)\t\(token.term)\t\(token.start)-\(token.end)\(token.isStopWord ? "\tstop" : "")")
            }
        }
    }
}
