import Concord
import Foundation
import Hummingbird

/// Why a request cannot be answered: an HTTP status, a message for people, and for a query with bad
/// syntax the character position (0-based, in Unicode scalars) where the problem is.
struct RequestProblem: Error, Sendable, Equatable {
    var status: HTTPResponse.Status
    var message: String
    var position: Int?

    init(_ status: HTTPResponse.Status, _ message: String, position: Int? = nil) {
        self.status = status
        self.message = message
        self.position = position
    }

    /// `{"error": {"status": 400, "message": "…", "position": 7}}` (position only when known).
    var jsonObject: JSONValue {
        var members: [(String, JSONValue)] = [("status", .int(status.code)), ("message", .string(message))]
        if let position { members.append(("position", .int(position))) }
        return .object([("error", .object(members))])
    }

    /// Classifies an error thrown by the search service: a query the language or the limits refuse
    /// (`QueryError` with its position, `SearchError`) is the request's, 400; everything else (the index,
    /// its files, the pipeline, I/O) is the server's, 500.
    static func from(_ error: Error) -> RequestProblem {
        if let problem = error as? RequestProblem { return problem }
        if let error = error as? QueryError { return RequestProblem(.badRequest, error.message, position: error.position) }
        if let error = error as? SearchError { return RequestProblem(.badRequest, String(describing: error)) }
        return RequestProblem(.internalServerError, "the index could not be searched: \(error)")
    }
}
