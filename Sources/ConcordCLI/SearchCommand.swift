import ArgumentParser
import Concord
import Foundation

/// `concord search`: ranked results for a query, as text (like an archive's results page), JSON or JSON lines.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index.",
        discussion: """
            Query syntax: bare words rank by BM25F (any may match); "quoted words" match an exact phrase; \
            +word or +"phrase" is required; -word or -"phrase" is excluded. A hyphenated word such as \
            Sino-Soviet matches as a phrase of its parts.
            """)

    @Argument(help: "The query (several arguments are joined with spaces).")
    var query: [String] = []

    @OptionGroup var indexOption: IndexOption

    @Option(help: "The corpus folder, indexed first when the index does not exist yet.")
    var corpus: String = "Corpus"

    @Option(help: "Results per page.")
    var limit: Int = 10

    @Option(help: "Page number, from 1.")
    var page: Int = 1

    @Option(help: "Output format: text, json or jsonl.")
    var format: OutputFormat = .text

    @Flag(help: "Read one query per line from standard input; write one JSON line per query.")
    var batch = false

    @Flag(help: "Show how each score is made up, per term and field.")
    var explain = false

    @Flag(help: "With --batch, add each query's time in milliseconds (\"elapsed_ms\") to its JSON line.")
    var timing = false

    @Flag(name: .customLong("no-snippets"), help: "Leave snippets empty (faster when only the ranking is needed).")
    var noSnippets = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        guard page >= 1 else { throw ValidationError("--page must be at least 1") }
        if !batch && query.isEmpty { throw ValidationError("give a query, or --batch to read queries from standard input") }
    }

    func run() throws {
        let folder = IndexFolder(path: indexOption.index)
        if !folder.exists {
            guard FileManager.default.fileExists(atPath: corpus) else {
                printError("concord: error: no index at \(indexOption.index) and no corpus at \(corpus) to build it from")
                throw ExitStatus.failure
            }
            printError("concord: no index at \(indexOption.index); indexing \(corpus) first")
            _ = try runIndexing(corpus: corpus, index: indexOption.index, options: .init(), quiet: false,
                                summaryToStandardError: true)
        }
        let searcher: IndexSearcher
        do {
            searcher = try folder.openSearcher()
        } catch let error as StorageError where error.isOlderFormat && FileManager.default.fileExists(atPath: corpus) {
            // An index in an older format is rebuilt from its corpus, as a missing one is built.
            _ = try runIndexing(corpus: corpus, index: indexOption.index, options: .init(), quiet: false,
                                summaryToStandardError: true)
            searcher = try reportingErrors { try folder.openSearcher() }
        } catch {
            searcher = try reportingErrors { throw error }
        }
        if batch {
            var anyHits = false
            let clock = ContinuousClock()
            while let line = readLine(strippingNewline: true) {
                let started = clock.now
                let response: SearchResponse
                do {
                    response = try reportingErrors(exceptQueryErrors: true) {
                        try searcher.search(line, page: page, limit: limit, explain: explain, snippets: !noSnippets)
                    }
                } catch let error as SearchError {
                    // A query the searcher refuses (too long, too many terms) is that line's answer.
                    print(JSONValue.object([("query", .string(line)), ("error", .string("\(error)"))]).text)
                    continue
                }
                let elapsed = clock.now - started
                anyHits = anyHits || !response.results.isEmpty
                var json = ResultFormatter.json(response)
                if timing, case .object(var members) = json {
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    members.append(("elapsed_ms", .double(seconds * 1000)))
                    json = .object(members)
                }
                print(json.text)
            }
            if !anyHits { throw ExitStatus.noResults }
            return
        }
        let text = query.joined(separator: " ")
        let response: SearchResponse
        do {
            response = try reportingErrors(exceptQueryErrors: true) {
                try searcher.search(text, page: page, limit: limit, explain: explain, snippets: !noSnippets)
            }
        } catch let error as SearchError {
            printError("concord: error: \(error)")
            throw ExitStatus.usage
        }
        switch format {
        case .text: print(ResultFormatter.text(response, terminal: Terminal.current), terminator: "")
        case .json, .jsonl: print(ResultFormatter.json(response).text)
        }
        if response.results.isEmpty { throw ExitStatus.noResults }
    }
}
