import Foundation

/// One token of `concord analyze --format json`: `{"term","position","start","end","stop"}`.
struct AnalyzedToken: Decodable, Sendable, Equatable {
    var term: String
    var position: Int
    var start: Int
    var end: Int
    var stop: Bool

    /// Runs `concord analyze --format json` on `text` (through standard input) and decodes the tokens.
    static func analyze(_ text: String, with concord: ConcordProcess, index: String? = nil) throws -> [AnalyzedToken] {
        var arguments = ["analyze", "--format", "json"]
        if let index { arguments += ["--index", index] }
        let result = try concord.run(arguments, input: text)
        guard result.status == 0 else { throw HarnessError.malformedOutput(result.describe(arguments)) }
        do {
            return try JSONDecoder().decode([AnalyzedToken].self, from: Data(result.stdout.utf8))
        } catch {
            throw HarnessError.malformedOutput("not analyze JSON (\(error)): \(result.stdout)")
        }
    }

    /// The scored terms of a bag-of-words query: stop words dropped when another term is not one; a
    /// repeated term is listed as often as it is repeated (each repeat adds its score again).
    static func scoredTerms(_ tokens: [AnalyzedToken]) -> [String] {
        let keep = tokens.contains { !$0.stop } ? tokens.filter { !$0.stop } : tokens
        return keep.map(\.term)
    }
}
