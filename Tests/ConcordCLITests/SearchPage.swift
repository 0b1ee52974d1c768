import Foundation

/// The JSON a `concord search --format json` run prints, decoded.
struct SearchPage: Decodable, Sendable {
    struct Hit: Decodable, Sendable {
        var rank: Int
        var id: String
        var score: Double
        var title: String
        var date: String?
        var snippet: String
        var highlights: [[Int]]
        var source: String
        var snippet_field: String?
        var fields: [String: String]?
    }

    var query: String
    var total: Int
    var page: Int
    var limit: Int
    var results: [Hit]

    static func decode(_ text: String) throws -> SearchPage {
        do {
            return try JSONDecoder().decode(SearchPage.self, from: Data(text.utf8))
        } catch {
            throw HarnessError.malformedOutput("not search JSON (\(error)): \(text)")
        }
    }

    /// Sources of the hits, in rank order.
    var sources: [String] { results.map(\.source) }
}
