import ArgumentParser
import Concord
import Foundation

/// `concord search`: ranked results for a query, as text (like an archive's results page), JSON or JSON lines.
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search the index.",
        discussion: """
            Query language (see the README for details):
              armistice talks       either word, best matches first
              "prisoners of war"    an exact phrase; Sino-Soviet is a phrase too
              +armistice -Cambodia  + requires a word or phrase, - excludes it
              Vietnam AND bombing   AND, OR and NOT work in upper case only;
              Berlin NOT Wall       NOT binds tightest, then AND, then OR
              (Laos OR Vietnam) AND bombing    parentheses group, nested
              title:Kissinger       one field: title:, summary: or body:
              title:(Nixon OR Ford) a field scope on a group
              collection:frus       a metadata field, exact value
              date:1972             also 1972-05, 1969..1974, >=1950-10, <1953,
                                    1950.. and ..1953; a record matches when its
                                    date overlaps; undated records never do
              Khrush*               words starting with Khrush (2+ letters)
              Kruschev~  Kruschev~1 words within 2 (or 0-2) spelling edits
              "Kissinger Gromyko"~5 the words within 5 moves, in any order
              *                     every record (so does an empty query)
            Filters (date:, metadata fields, --from/--to) never change scores.
            A query that cannot be read (unbalanced parenthesis, unknown field,
            invalid date, an operator with nothing beside it) exits with
            status 2 and a caret under the position.
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

    @Option(parsing: .unconditional, help: "Order: relevance (default), date (oldest first) or -date (newest first); undated records last.")
    var sort: String = "relevance"

    @Option(help: "Count all hits by year, decade or a metadata field (repeatable).")
    var facet: [String] = []

    @Option(help: "Only records dated on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    var from: String?

    @Option(help: "Only records dated on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    var to: String?

    @Flag(help: "Read one query per line from standard input; write one JSON line per query, each as soon as it is answered.")
    var batch = false

    @Flag(help: "Show how each score is made up, per term and field.")
    var explain = false

    @Flag(help: "With --batch, add each query's time in milliseconds (\"elapsed_ms\") to its JSON line.")
    var timing = false

    @Flag(name: .customLong("no-snippets"), help: "Leave snippets empty (faster when only the ranking is needed).")
    var noSnippets = false

    @Flag(name: .customLong("no-suggestions"), help: "Never suggest a respelling (\"Did you mean\"), which a query with few hits otherwise looks for.")
    var noSuggestions = false

    func validate() throws {
        try validateCorpus(corpus)
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1") }
        guard page >= 1 else { throw ValidationError("--page must be at least 1") }
        guard SearchSort(rawValue: sort) != nil else { throw ValidationError("--sort must be relevance, date or -date") }
        if !batch && query.isEmpty { throw ValidationError("give a query, or --batch to read queries from standard input") }
    }

    func request(_ text: String) -> SearchRequest {
        SearchRequest(query: text, page: page, limit: limit, sort: SearchSort(rawValue: sort) ?? .relevance,
                      from: from, to: to, facets: facet.map(FacetKind.init(name:)), explain: explain,
                      snippets: !noSnippets, suggestions: !noSuggestions)
    }

    func run() throws {
        let folder = IndexFolder(path: indexOption.index)
        try prepareIndexForSearch(indexOption, corpus: corpus)
        let searcher = try reportingErrors { try folder.openSearcher() }
        // The process ends with this command: the searcher (each segment's mapped files and caches) is left
        // for the system to reclaim rather than torn down file by file, which was 4% of the CPU of a
        // rare-term search on a 1M-document index (unmapping and closing some 40 files).
        _ = Unmanaged.passRetained(searcher)
        if batch {
            // Each line's answer leaves as soon as it is made (standard output is block-buffered into a
            // pipe), so a program can keep one process open and send a query, read its answer, send the next.
            func answer(_ json: JSONValue) {
                print(json.text)
                fflush(stdout)
            }
            var anyHits = false
            let clock = ContinuousClock()
            while let line = readLine(strippingNewline: true) {
                let started = clock.now
                let response: SearchResponse
                do {
                    response = try searcher.search(request(line))
                } catch let error as QueryError {
                    answer(JSONValue.object([
                        ("query", .string(line)), ("error", .string(error.message)),
                        ("position", error.position.map(JSONValue.int) ?? .null),
                    ]))
                    continue
                } catch let error as SearchError {
                    // A query the searcher refuses (too long, too many terms) is that line's answer.
                    answer(JSONValue.object([("query", .string(line)), ("error", .string("\(error)")), ("position", .null)]))
                    continue
                } catch {
                    _ = try reportingErrors { throw error }
                    continue
                }
                let elapsed = clock.now - started
                anyHits = anyHits || !response.results.isEmpty
                for warning in response.warnings { printError("concord: warning: \(warning)") }
                var json = ResultFormatter.json(response)
                if timing, case .object(var members) = json {
                    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    members.append(("elapsed_ms", .double(seconds * 1000)))
                    json = .object(members)
                }
                answer(json)
            }
            if !anyHits { throw ExitStatus.noResults }
            return
        }
        let text = query.joined(separator: " ")
        let response: SearchResponse
        do {
            response = try searcher.search(request(text))
        } catch let error as QueryError {
            printError("concord: error: \(error.message)")
            if let position = error.position {
                printError("  " + text)
                printError("  " + String(repeating: " ", count: position) + "^")
            }
            throw ExitStatus.usage
        } catch let error as SearchError {
            printError("concord: error: \(error)")
            throw ExitStatus.usage
        } catch {
            response = try reportingErrors { throw error }
        }
        for warning in response.warnings { printError("concord: warning: \(warning)") }
        switch format {
        case .text: print(ResultFormatter.text(response, terminal: Terminal.current), terminator: "")
        case .json, .jsonl: print(ResultFormatter.json(response).text)
        }
        if response.results.isEmpty { throw ExitStatus.noResults }
    }
}
