import Concord

/// The values the record page shows: the whole record (title, date, metadata fields, summary, body
/// paragraphs, id, source), with the words of the search that led to it highlighted.
struct RecordPage {
    let record: StoredRecord
    /// The search the reader came from (`?q=` and the other search options), if any.
    let search: SearchParameters?
    let highlighter: RecordHighlighter?
    let documents: Int?

    /// `/records/{id}`, with the search's options (`?q=…&sort=…&page=…`) so the record page can highlight
    /// the query's words and link back to the same page of results.
    static func href(id: String, search: SearchParameters) -> String {
        let path = "/records/" + QueryString.encode(id)
        guard !search.query.isEmpty else { return path }
        return search.url(path: path)
    }

    func context() -> [String: Any] {
        var context = PageChrome.context(title: record.title.isEmpty ? record.id : record.title, form: search, documents: documents)
        context["titleHTML"] = marked(record.title.isEmpty ? record.id : record.title)
        if let date = record.date { context["date"] = ["iso": date.iso, "display": date.display] }
        let fields = record.fields.keys.sorted().map { ["name": $0, "value": record.fields[$0] ?? ""] }
        context["hasFields"] = !fields.isEmpty
        context["fields"] = fields
        context["hasSummary"] = !record.summary.isEmpty
        context["summaryHTML"] = marked(record.summary)
        let paragraphs = Self.paragraphs(record.body)
        context["hasBody"] = !paragraphs.isEmpty
        context["paragraphs"] = paragraphs.map { ["html": marked($0)] }
        context["id"] = record.id
        context["source"] = record.location
        if let language = record.language { context["language"] = language }
        context["jsonHref"] = "/api/records/" + QueryString.encode(record.id)
        if let search, !search.query.isEmpty { context["backHref"] = search.url() }
        return context
    }

    private func marked(_ text: String) -> String {
        HTMLText.marked(text, ranges: highlighter?.ranges(in: text) ?? [])
    }

    /// The body split at blank lines, each paragraph's lines joined.
    static func paragraphs(_ body: String) -> [String] {
        var paragraphs: [String] = []
        var current: [Substring] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.allSatisfy(\.isWhitespace) {
                if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { paragraphs.append(current.joined(separator: " ")) }
        return paragraphs
    }
}

/// Finds the words of a text whose analyzed terms are terms the search highlights
/// (`SearchService.highlightTerms(for:)`: stemmed and folded like the index, so "talks" in a query marks
/// "talk" and "Talks"; `title:`, `Khrush*` and `Kruschev~` resolved as the search resolves them). Excluded
/// words (`-word`, `NOT word`) and stop words are not marked.
struct RecordHighlighter {
    let analyzer: Analyzer
    let terms: Set<String>

    init?(terms: Set<String>, analyzer: Analyzer) {
        guard !terms.isEmpty else { return nil }
        self.analyzer = analyzer
        self.terms = terms
    }

    func ranges(in text: String) -> [[Int]] {
        analyzer.tokens(text).filter { !$0.isStopWord && terms.contains($0.term) }.map { [$0.start, $0.end] }
    }
}
