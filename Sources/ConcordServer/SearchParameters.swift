import Concord
import Foundation

/// The options of a search as they appear in a URL (`/?q=armistice+talks&page=13&sort=date&from=1950&to=1953`),
/// shared by the search page and `/api/search`, so every result page can be bookmarked and cited.
///
/// Parameters: `q` (query text), `page` (from 1), `limit` (hits per page), `sort` (`relevance`, `date`
/// oldest first, `-date` newest first), `from` / `to` (partial dates: `1950`, `1950-10`, `1950-10-08`),
/// `facet` (repeatable: `year`, `decade` or a metadata field).
struct SearchParameters: Sendable, Equatable {
    static let defaultLimit = 10
    static let maximumLimit = 1000

    var query: String
    var page = 1
    var limit = SearchParameters.defaultLimit
    var sort = SearchSort.relevance
    var from: String?
    var to: String?
    var facets: [FacetKind] = []
    /// Whether `q` was given at all (the page without it shows only the search form).
    var hasQuery: Bool

    init(query: String, page: Int = 1, limit: Int = SearchParameters.defaultLimit, sort: SearchSort = .relevance,
         from: String? = nil, to: String? = nil, facets: [FacetKind] = []) {
        self.query = query
        self.page = page
        self.limit = limit
        self.sort = sort
        self.from = from
        self.to = to
        self.facets = facets
        hasQuery = true
    }

    /// Reads and checks the parameters; a bad value is a 400 naming the parameter.
    init(_ parameters: QueryString, maximumLimit: Int = SearchParameters.maximumLimit) throws {
        hasQuery = parameters["q"] != nil
        query = parameters["q"] ?? ""
        if let text = parameters["page"], !text.isEmpty {
            guard let value = Int(text), value >= 1 else { throw RequestProblem(.badRequest, "page must be a whole number from 1") }
            page = value
        }
        if let text = parameters["limit"], !text.isEmpty {
            guard let value = Int(text), (1...maximumLimit).contains(value) else {
                throw RequestProblem(.badRequest, "limit must be a whole number from 1 to \(maximumLimit)")
            }
            limit = value
        }
        if let text = parameters["sort"], !text.isEmpty {
            guard let value = SearchSort(rawValue: text) else {
                throw RequestProblem(.badRequest, "sort must be relevance, date (oldest first) or -date (newest first)")
            }
            sort = value
        }
        from = try Self.date(parameters["from"], name: "from")
        to = try Self.date(parameters["to"], name: "to")
        for name in parameters.all("facet") where !name.isEmpty {
            let kind = FacetKind(name: name)
            if !facets.contains(kind) { facets.append(kind) }
        }
    }

    /// A date bound as typed, checked: a year (`1950`), a month (`1950-10`) or a day (`1950-10-08`).
    private static func date(_ text: String?, name: String) throws -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        guard let date = PartialDate(parsing: text), date.isValid else {
            throw RequestProblem(.badRequest, "\(name) must be a date: a year (1950), a month (1950-10) or a day (1950-10-08)")
        }
        return text
    }

    /// The request the search service runs.
    var request: SearchRequest {
        SearchRequest(query: query, page: page, limit: limit, sort: sort, from: from, to: to, facets: facets)
    }

    /// The URL of these options at `path`, defaults left out, in a fixed order.
    func url(path: String = "/") -> String {
        var pairs: [(key: String, value: String)] = [("q", query)]
        if sort != .relevance { pairs.append(("sort", sort.rawValue)) }
        if let from { pairs.append(("from", from)) }
        if let to { pairs.append(("to", to)) }
        for facet in facets { pairs.append(("facet", facet.name)) }
        if limit != Self.defaultLimit { pairs.append(("limit", String(limit))) }
        if page != 1 { pairs.append(("page", String(page))) }
        return path + "?" + QueryString(pairs: pairs).encoded
    }

    /// The same search at another page.
    func atPage(_ number: Int) -> SearchParameters {
        var copy = self
        copy.page = number
        return copy
    }
}
