import Concord

/// Renders a page of results as text shaped like an archive's listing page, or as JSON.
enum ResultFormatter {
    static func text(_ response: SearchResponse, terminal: Terminal) -> String {
        var out = ""
        let quoted = "“\(terminal.visible(response.query))”"
        if let suggestion = response.suggestion { out += "Did you mean “\(terminal.visible(suggestion))”?\n" }
        if response.results.isEmpty {
            if response.total == 0 {
                out += "No results for \(quoted)\n"
            } else {
                out += "No results on page \(response.page) for \(quoted) (\(response.total) in all)\n"
            }
            return out
        }
        let first = response.results.first?.rank ?? 0
        let last = response.results.last?.rank ?? 0
        out += "Results \(first)–\(last) of \(response.total) for \(quoted)\n"
        for result in response.results {
            out += "\n"
            if let date = result.date { out += terminal.visible(date.display) + "\n" }
            out += terminal.bold(terminal.visible(result.title.isEmpty ? result.id : result.title)) + "\n"
            let snippet = highlighted(result.snippet, result.highlights, terminal: terminal)
            if !snippet.isEmpty { out += snippet + "\n" }
            out += terminal.dim(terminal.visible(result.id + " · " + result.location)) + "\n"
            if let explanation = result.explanation { out += explain(explanation, score: result.score) }
        }
        out += facets(response.facets, terminal: terminal)
        return out
    }

    /// Each facet as a compact bar chart: value, count and a bar scaled to the largest count. Keyword values
    /// come from the corpus: on a terminal their control characters are escaped.
    static func facets(_ facets: [FacetResult], terminal: Terminal) -> String {
        var out = ""
        for facet in facets {
            out += "\n\(facet.kind.name.prefix(1).uppercased() + facet.kind.name.dropFirst()) (\(facet.counts.count) values)\n"
            let largest = facet.counts.map(\.count).max() ?? 0
            let values = facet.counts.map { terminal.visible($0.value) }
            let width = values.map(\.count).max() ?? 0
            let countWidth = String(largest).count
            for (entry, shown) in zip(facet.counts, values) {
                let bar = String(repeating: "█", count: largest == 0 ? 0 : max(1, entry.count * 30 / largest))
                let value = shown + String(repeating: " ", count: max(0, width - shown.count))
                let count = String(repeating: " ", count: max(0, countWidth - String(entry.count).count)) + String(entry.count)
                out += "  \(value)  \(count)  \(bar)\n"
            }
        }
        return out
    }

    /// The snippet with its highlighted words bold (on a colour terminal), control characters escaped
    /// piece by piece so the highlight offsets stay right.
    static func highlighted(_ text: String, _ ranges: [[Int]], terminal: Terminal) -> String {
        guard terminal.useColor, !ranges.isEmpty else { return terminal.visible(text) }
        let scalars = Array(text.unicodeScalars)
        func piece(_ range: Range<Int>) -> String { terminal.visible(String(String.UnicodeScalarView(scalars[range]))) }
        var out = ""
        var cursor = 0
        for range in ranges where range.count == 2 && range[0] >= cursor && range[1] <= scalars.count && range[0] < range[1] {
            out += piece(cursor..<range[0])
            out += terminal.bold(piece(range[0]..<range[1]))
            cursor = range[1]
        }
        out += piece(cursor..<scalars.count)
        return out
    }

    static func explain(_ explanation: Explanation, score: Double) -> String {
        var out = "  score \(score) = sum over matched clauses (N = \(explanation.documentCount))\n"
        for clause in explanation.clauses {
            out += "    \(clause.clause): \(clause.contribution) = idf \(clause.idf) (n = \(clause.documentFrequency))"
            out += " × tf' \(clause.pseudoFrequency) × (k1 + 1) / (tf' + k1)\n"
            for field in clause.fields where field.termFrequency > 0 {
                out += "      \(field.field): tf \(field.termFrequency), length \(field.length), average \(field.averageLength),"
                out += " weight \(field.weight), b \(field.b)\n"
            }
        }
        return out
    }

    /// The library's JSON shape (`SearchResponse.jsonObject`), shared with the server's `/api/search`.
    static func json(_ response: SearchResponse) -> JSONValue { response.jsonObject }
}
