import Foundation
import Testing
@testable import ConcordIngest

/// The hand-written reader of flat string objects must read every line it accepts exactly as
/// `JSONSerialization` does, and leave every other line to it.
@Suite struct FlatJSONObjectTests {
    /// Members as comparable text: key → string value, or "<null>".
    private func members(_ object: [String: Any]) -> [String: String]? {
        var result: [String: String] = [:]
        for (key, value) in object {
            switch value {
            case let text as String: result[key] = "s:" + text
            case is NSNull: result[key] = "<null>"
            default: return nil
            }
        }
        return result
    }

    private func foundation(_ line: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])) as? [String: Any]
    }

    @Test func readsStringsEscapesAndNulls() throws {
        let line = #" { "id" : "a\"b\\c\/d" , "title":"tab\there\nnew \u00e9\u4e2d caf\u00C9 ☃ é", "x": null,"e":""} "#
        let object = try #require(FlatJSONObject.parse(line))
        #expect(members(object) == members(try #require(foundation(line))))
        #expect(object["id"] as? String == "a\"b\\c/d")
        #expect(object["x"] is NSNull)
        #expect(FlatJSONObject.parse("{}").map(members) == [:])
    }

    @Test func leavesEverythingElseToJSONSerialization() {
        for line in [#"{"id": 1}"#, #"{"id": "a", "b": true}"#, #"{"a": ["x"]}"#, #"{"a": {"b": "c"}}"#,
                     #"{"a": "x", "a": "y"}"#, #"{"a": "\ud83d\ude00"}"#, "{\"a\": \"tab\tin\"}", #"{"a": "x",}"#,
                     #"{"a" "x"}"#, #"{"a": "x"} extra"#, #"["a"]"#, #""a""#, #"{"a": "\q"}"#, #"{"a": "\u12"}"#,
                     #"{"a": "unterminated}"#, #"{"a": nul}"#, "", "   ", #"{"a": "x""#] {
            #expect(FlatJSONObject.parse(line) == nil, "\(line)")
        }
    }

    /// Random lines built from JSON pieces, valid and not: whenever the fast reader accepts one,
    /// JSONSerialization reads the same members.
    @Test func randomLinesReadLikeJSONSerialization() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["{", "}", "\"", "\\\"", "\\\\", "\\n", "\\u0041", "\\u00e9", "\\ud800", ":", ",", " ", "\t", "null",
                      "nul", "1", "true", "[", "]", "id", "title", "é", "☃", "x", "\\/", "\\", "\u{1}", "\\t", "\\u20AC"]
        var accepted = 0
        for _ in 0..<20_000 {
            var line = ""
            if Bool.random(using: &random) {
                // Mostly well-formed: {"k": "v", ...} with random piece text inside keys and values.
                let count = Int.random(in: 0...4, using: &random)
                let parts = (0..<count).map { k -> String in
                    let inner = (0..<Int.random(in: 0...4, using: &random)).map { _ in pieces.randomElement(using: &random)! }
                    let value = Int.random(in: 0..<6, using: &random) == 0 ? "null" : "\"\(inner.joined())\""
                    return "\"k\(k)\(Bool.random(using: &random) ? "" : pieces.randomElement(using: &random)!)\": \(value)"
                }
                line = "{" + parts.joined(separator: ",") + "}"
            } else {
                line = (0..<Int.random(in: 1...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            }
            guard let fast = FlatJSONObject.parse(line) else { continue }
            accepted += 1
            guard let reference = foundation(line) else {
                Issue.record("accepted what JSONSerialization rejects: \(line)")
                continue
            }
            #expect(members(fast) == members(reference), "\(line)")
        }
        #expect(accepted > 2_000)
    }
}
