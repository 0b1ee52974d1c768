import Concord
import Hummingbird

/// Response builders: HTML pages and JSON bodies with their content types.
enum Responses {
    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The JSON text and a final newline, exactly as the CLI prints it.
    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: value.text + "\n")))
    }

    static func json(_ problem: RequestProblem) -> Response {
        json(problem.jsonObject, status: problem.status)
    }
}
