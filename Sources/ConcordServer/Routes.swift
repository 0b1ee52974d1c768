import Concord
import Foundation
import Hummingbird

/// The handlers behind each route. Every handler returns a response (errors included), so the
/// middleware sees a status for each request.
struct Routes: Sendable {
    let service: SearchService
    let pages: PageRenderer

    /// The page answers at most this many hits per page.
    static let pageLimit = 100

    func searchPage(_ request: Request) -> Response {
        let documents = try? service.documentCount()
        guard let query = QueryString(request.uri.query) else {
            return pages.problem(RequestProblem(.badRequest, "the query string is not valid percent-encoded UTF-8"), documents: documents)
        }
        var parameters: SearchParameters
        do {
            parameters = try SearchParameters(query, maximumLimit: Self.pageLimit)
        } catch {
            let problem = RequestProblem.from(error)
            let fallback = SearchParameters(query: query["q"] ?? "")
            let page = SearchPage(parameters: fallback, response: nil, problem: problem, documents: documents)
            return pages.render(page.context(), template: "search", status: problem.status)
        }
        guard parameters.hasQuery else {
            return pages.render(SearchPage(parameters: parameters, response: nil, problem: nil, documents: documents).context(),
                                template: "search")
        }
        var request = parameters.request
        request.facets = SearchPage.facets(for: parameters)
        do {
            let response = try service.search(request)
            let page = SearchPage(parameters: parameters, response: response, problem: nil, documents: documents)
            return pages.render(page.context(), template: "search", status: .ok)
        } catch {
            let problem = RequestProblem.from(error)
            let page = SearchPage(parameters: parameters, response: nil, problem: problem, documents: documents)
            return pages.render(page.context(), template: "search", status: problem.status)
        }
    }

    func searchAPI(_ request: Request) -> Response {
        guard let query = QueryString(request.uri.query) else {
            return Responses.json(RequestProblem(.badRequest, "the query string is not valid percent-encoded UTF-8"))
        }
        do {
            let parameters = try SearchParameters(query)
            return Responses.json(try service.search(parameters.request).jsonObject)
        } catch {
            return Responses.json(RequestProblem.from(error))
        }
    }

    func recordPage(_ request: Request, id raw: String?) -> Response {
        let documents = try? service.documentCount()
        do {
            let record = try lookUp(raw)
            let query = QueryString(request.uri.query)
            let search = query.flatMap { $0["q"] == nil ? nil : try? SearchParameters($0) }
            let highlighter = search.flatMap { search in
                (try? service.index.analyzer()).flatMap { analyzer in
                    (try? service.highlightTerms(for: search.query)).flatMap { RecordHighlighter(terms: $0, analyzer: analyzer) }
                }
            }
            let page = RecordPage(record: record, search: search, highlighter: highlighter, documents: documents)
            return pages.render(page.context(), template: "record")
        } catch {
            return pages.problem(RequestProblem.from(error), documents: documents)
        }
    }

    func recordAPI(id raw: String?) -> Response {
        do {
            return Responses.json(try lookUp(raw).jsonObject)
        } catch {
            return Responses.json(RequestProblem.from(error))
        }
    }

    func statsAPI() -> Response {
        do {
            return Responses.json(try service.statistics().jsonObject)
        } catch {
            return Responses.json(RequestProblem.from(error))
        }
    }

    /// The record with the percent-decoded id; 404 when the index has none. The id is only a key.
    private func lookUp(_ raw: String?) throws -> StoredRecord {
        guard let id = raw?.removingPercentEncoding, !id.isEmpty else {
            throw RequestProblem(.badRequest, "the record id is not valid percent-encoded UTF-8")
        }
        guard let record = try service.record(id: id) else {
            throw RequestProblem(.notFound, "no record has the id \(id)")
        }
        return record
    }
}
