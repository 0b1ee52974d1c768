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

    /// Classifies an error thrown by the search service. Errors of the index, its files and the
    /// pipeline (`ConcordIndex`, `ConcordStorage`, `ConcordError`, Foundation's I/O errors) are the
    /// server's: 500. Any other error is the request's (paging, query syntax, dates): 400, with the
    /// position when the error carries one (a `position` or `offset` property).
    static func from(_ error: Error) -> RequestProblem {
        if let problem = error as? RequestProblem { return problem }
        let typeName = String(reflecting: type(of: error))
        let message = String(describing: error)
        let serverSide = ["ConcordIndex.", "ConcordStorage.", "Concord.ConcordError", "Foundation.", "Swift."]
        if error is CocoaError || serverSide.contains(where: { typeName.hasPrefix($0) }) {
            return RequestProblem(.internalServerError, "the index could not be searched: \(message)")
        }
        return RequestProblem(.badRequest, message, position: position(in: error))
    }

    /// A `position`/`offset` integer found in the error's stored properties or enum payload.
    private static func position(in value: Any, depth: Int = 0) -> Int? {
        guard depth < 3 else { return nil }
        for child in Mirror(reflecting: value).children {
            if let label = child.label, label == "position" || label == "offset", let number = child.value as? Int {
                return number
            }
            if let found = position(in: child.value, depth: depth + 1) { return found }
        }
        return nil
    }
}
