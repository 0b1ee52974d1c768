import Concord
import Hummingbird
import Mustache

/// Renders the HTML pages from their Mustache templates.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    init() throws { library = try PageTemplates.library() }

    func render(_ context: [String: Any], template: String, status: HTTPResponse.Status = .ok) -> Response {
        guard let html = library.render(context, withTemplate: template) else {
            return Responses.json(RequestProblem(.internalServerError, "the \(template) page template is missing"))
        }
        return Responses.html(html, status: status)
    }

    func problem(_ problem: RequestProblem, documents: Int? = nil) -> Response {
        var context = PageChrome.context(title: problem.status.reasonPhrase, form: nil, documents: documents)
        context["heading"] = problem.status == .notFound ? "Not found" : problem.status.reasonPhrase
        context["message"] = problem.message
        return render(context, template: "problem", status: problem.status)
    }
}
