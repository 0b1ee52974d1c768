import Concord

/// Renders a page of results as text shaped like an archive's listing page, or as JSON.
enum ResultFormatter {
    static func text(_ response: SearchResponse, terminal: Terminal) -> String {
        var out = ""
        let quoted = "“\(response.query)”"
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
            if let date = result.date { out += date.display + "\n" }
            out += terminal.bold(result.title.isEmpty ? result.id : result.title) + "\n"
            let snippet = highlighted(result.snippet, result.highlights, terminal: terminal)
            if !snippet.isEmpty { out += snippet + "\n" }
            out += terminal.dim(result.location) + "\n"
            if let explanation = result.explanation { out += explain(explanation, score: result.score) }
        }
        return out
    }

    static func highlighted(_ text: String, _ ranges: [[Int]], terminal: Terminal) -> String {
        guard terminal.useColor, !ranges.isEmpty else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var cursor = 0
        for range in ranges where range.count == 2 && range[0] >= cursor && range[1] <= scalars.count && range[0] < range[1] {
            out.append(contentsOf: scalars[cursor..<range[0]])
            let word = String(String.UnicodeScalarView(scalars[range[0]..<range[1]]))
            out.append(contentsOf: terminal.bold(word).unicodeScalars)
            cursor = range[1]
        }
        out.append(contentsOf: scalars[cursor...])
        return String(out)
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
