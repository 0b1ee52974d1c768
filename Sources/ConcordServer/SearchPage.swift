import Concord
import Foundation

/// The values the search page template shows for one request: the range line, the hits (date, title
/// linking to the record, highlighted snippet, id, source), page links, the facet lists as links that
/// narrow the search, "Did you mean", and the no-results and error states.
struct SearchPage {
    /// Page links shown on each side of the current page.
    static let pageWindow = 4

    let parameters: SearchParameters
    let response: SearchResponse?
    let problem: RequestProblem?
    let documents: Int?

    func context() -> [String: Any] {
        var context = PageChrome.context(title: parameters.hasQuery ? "“\(parameters.query)”" : "Search",
                                         form: parameters, documents: documents)
        if let problem {
            var error: [String: Any] = ["message": problem.message]
            if let position = problem.position { error["pointer"] = Self.pointer(into: parameters.query, at: position) }
            context["error"] = error
            return context
        }
        guard parameters.hasQuery, let response else {
            context["welcome"] = true
            return context
        }
        context["query"] = parameters.query
        if let suggestion = response.suggestion, !suggestion.isEmpty {
            var respelled = parameters
            respelled.query = suggestion
            respelled.page = 1
            context["suggestion"] = ["text": suggestion, "href": respelled.url()]
        }
        if response.total == 0 {
            var empty: [String: Any] = [:]
            if parameters.from != nil || parameters.to != nil {
                var unfiltered = parameters
                unfiltered.from = nil
                unfiltered.to = nil
                unfiltered.page = 1
                empty["filtered"] = Self.dateRange(from: parameters.from, to: parameters.to)
                empty["unfilteredHref"] = unfiltered.url()
            }
            context["noResults"] = empty
            return context
        }
        if response.results.isEmpty {
            context["pastEnd"] = ["page": parameters.page, "total": response.total, "firstHref": parameters.atPage(1).url()]
            return context
        }
        context["hasResults"] = true
        context["first"] = response.results.first?.rank ?? 0
        context["last"] = response.results.last?.rank ?? 0
        context["total"] = response.total
        context["results"] = response.results.map { hit(for: $0) }
        addPageLinks(to: &context, total: response.total)
        let facets = response.facets.compactMap { facetContext($0) }
        if !facets.isEmpty {
            context["hasFacets"] = true
            context["facets"] = facets
        }
        return context
    }

    private func hit(for result: SearchResult) -> [String: Any] {
        var hit: [String: Any] = [
            "title": result.title.isEmpty ? result.id : result.title,
            "href": RecordPage.href(id: result.id, search: parameters),
            "id": result.id,
            "source": result.location,
            "hasSnippet": !result.snippet.isEmpty,
            "snippetHTML": HTMLText.marked(result.snippet, ranges: result.highlights),
            "fields": result.fields.keys.sorted().map { ["name": $0, "value": result.fields[$0] ?? ""] },
        ]
        if let date = result.date { hit["date"] = ["iso": date.iso, "display": date.display] }
        if result.snippetField != "summary", !result.snippet.isEmpty { hit["snippetFrom"] = result.snippetField }
        return hit
    }

    private func addPageLinks(to context: inout [String: Any], total: Int) {
        let limit = max(parameters.limit, 1)
        let pages = total / limit + (total % limit == 0 ? 0 : 1)
        guard pages > 1 else { return }
        let current = parameters.page
        context["hasPages"] = true
        if current > 1 {
            context["firstPage"] = ["href": parameters.atPage(1).url()]
            context["previousPage"] = ["href": parameters.atPage(min(current - 1, pages)).url()]
        }
        if current < pages {
            context["nextPage"] = ["href": parameters.atPage(current + 1).url()]
            context["lastPage"] = ["href": parameters.atPage(pages).url()]
        }
        let low = max(1, current - Self.pageWindow)
        let high = min(pages, current + Self.pageWindow)
        if low <= high {
            context["pageLinks"] = (low...high).map { number -> [String: Any] in
                ["number": number, "href": parameters.atPage(number).url(), "current": number == current]
            }
        }
    }

    /// One facet's counts as links: a year or decade narrows the date range, a field value adds
    /// `field:"value"` to the query. Each link starts again at page 1.
    private func facetContext(_ facet: FacetResult) -> [String: Any]? {
        guard !facet.counts.isEmpty else { return nil }
        let largest = max(facet.counts.map(\.count).max() ?? 1, 1)
        let counts = facet.counts.map { count -> [String: Any] in
            var narrowed = parameters
            narrowed.page = 1
            var selected = false
            switch facet.kind {
            case .year:
                narrowed.from = count.value
                narrowed.to = count.value
                selected = parameters.from == count.value && parameters.to == count.value
            case .decade:
                let start = String(count.value.prefix { $0.isNumber })
                if let year = Int(start) {
                    narrowed.from = start
                    narrowed.to = String(year + 9)
                }
            case .field(let name):
                let value = Self.keywordValue(count.value)
                narrowed.query = parameters.query.isEmpty ? "\(name):\(value)" : "\(parameters.query) +\(name):\(value)"
            }
            return ["value": count.value, "count": count.count, "href": narrowed.url(), "selected": selected,
                    "percent": Int((Double(count.count) / Double(largest) * 100).rounded())]
        }
        return ["name": facet.kind.name, "counts": counts]
    }

    /// A keyword value as the query language reads it back whole: quoted when it holds anything that
    /// would end a bare value (white space, a quotation mark, a parenthesis) or a colon. A value cannot
    /// hold a quotation mark inside quotes, so those are dropped.
    static func keywordValue(_ value: String) -> String {
        let ends = value.unicodeScalars.contains { scalar in
            scalar.properties.isWhitespace || "\"\u{201C}\u{201D}():".unicodeScalars.contains(scalar)
        }
        guard ends else { return value }
        let quotes = CharacterSet(charactersIn: "\"\u{201C}\u{201D}")
        return "\"" + String(String.UnicodeScalarView(value.unicodeScalars.filter { !quotes.contains($0) })) + "\""
    }

    /// The facets the page asks for: those in the URL, else years when the date range spans at most 20
    /// years and decades otherwise (so a decade link drills down to its years).
    static func facets(for parameters: SearchParameters) -> [FacetKind] {
        if !parameters.facets.isEmpty { return parameters.facets }
        if let from = parameters.from.flatMap({ Int($0.prefix(4)) }), let to = parameters.to.flatMap({ Int($0.prefix(4)) }),
           to >= from, to - from < 20 {
            return [.year]
        }
        return [.decade]
    }

    /// "from 1950 to 1953", "from 1950", "up to 1953".
    static func dateRange(from: String?, to: String?) -> String {
        switch (from, to) {
        case let (from?, to?): return from == to ? "in \(from)" : "from \(from) to \(to)"
        case let (from?, nil): return "from \(from) on"
        case let (nil, to?): return "up to \(to)"
        case (nil, nil): return ""
        }
    }

    /// The query around `position` (Unicode scalars): text before, the character there, text after.
    static func pointer(into query: String, at position: Int) -> [String: Any] {
        let scalars = Array(query.unicodeScalars)
        let at = min(max(position, 0), scalars.count)
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        let end = min(at + 1, scalars.count)
        return ["position": at, "before": text(0..<at), "at": at < scalars.count ? text(at..<end) : "␣", "after": text(end..<scalars.count)]
    }
}

/// What every page's header shows: the search form keeping the current options, and the record count.
enum PageChrome {
    static func context(title: String, form parameters: SearchParameters?, documents: Int?) -> [String: Any] {
        let parameters = parameters ?? SearchParameters(query: "")
        var form: [String: Any] = [
            "query": parameters.query,
            "from": parameters.from ?? "",
            "to": parameters.to ?? "",
            "facets": parameters.facets.map(\.name),
            "sorts": [("relevance", "Relevance"), ("date", "Oldest first"), ("-date", "Newest first")].map { value, label -> [String: Any] in
                ["value": value, "label": label, "selected": parameters.sort.rawValue == value]
            },
        ]
        if parameters.limit != SearchParameters.defaultLimit { form["limit"] = String(parameters.limit) }
        var context: [String: Any] = ["pageTitle": title, "stylesheet": Stylesheet.css, "form": form]
        if let documents { context["documents"] = documents }
        return context
    }
}
