import Concord
import HTTPTypes
import Hummingbird

/// Guards every response: refuses request targets over `maximumTargetLength` bytes (414), turns any
/// error a route lets through into a JSON (under `/api/`) or HTML error with its status, and adds
/// headers that keep pages inert: a Content-Security-Policy that allows no scripts, no external
/// resources and forms only to this server, `nosniff`, no framing, no referrer.
struct SecurityMiddleware<Context: RequestContext>: RouterMiddleware {
    /// Longest accepted request target (path and query), as Apache's default limit.
    static var maximumTargetLength: Int { 8192 }

    static var policy: String {
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    }

    let pages: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        let isAPI = request.uri.path.hasPrefix("/api/")
        if request.uri.string.utf8.count > Self.maximumTargetLength {
            response = failure(RequestProblem(.uriTooLong, "the request target is longer than \(Self.maximumTargetLength) bytes"), api: isAPI)
        } else {
            do {
                response = try await next(request, context)
            } catch let error as HTTPResponseError {
                let status = error.status
                let message = status == .notFound ? "there is nothing at \(request.uri.path)" : status.reasonPhrase
                response = failure(RequestProblem(status, message), api: isAPI)
            } catch {
                response = failure(RequestProblem.from(error), api: isAPI)
            }
        }
        Self.secure(&response.headers)
        return response
    }

    private func failure(_ problem: RequestProblem, api: Bool) -> Response {
        api ? Responses.json(problem) : pages.problem(problem)
    }

    static func secure(_ headers: inout HTTPFields) {
        for (name, value) in [("Content-Security-Policy", policy), ("X-Content-Type-Options", "nosniff"),
                              ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer")] {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
    }
}
