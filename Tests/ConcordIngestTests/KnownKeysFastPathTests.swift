import Foundation
import Testing
@testable import ConcordIngest

/// A line whose keys are all known fields, each a string or null, is made into a document without a
/// dictionary (`FlatJSONObject.parseKnown`, `JSONLinesParser.document(fromKnown:)`). Whatever it accepts
/// must give exactly the document, error and warnings the dictionary path gives.
@Suite struct KnownKeysFastPathTests {
    /// A comparable description of one line's outcome.
    private func outcome(_ result: Result<Document, Error>, _ warnings: [JSONLinesParser.Warning]) -> String {
        let text = warnings.map { warning -> String in
            switch warning {
            case .always(let message): return "always: \(message)"
            case let .oncePerFile(key, message): return "once \(key): \(message)"
            }
        }
        switch result {
        case .success(let document): return "document \(document) warnings \(text)"
        case .failure(let error as JSONLinesParser.RecordError): return "error \(error.reason) warnings \(text)"
        case .failure(let error): return "error \(error) warnings \(text)"
        }
    }

    /// The outcome through the dictionary path only.
    private func reference(_ parser: JSONLinesParser, _ line: String) -> String {
        var warnings: [JSONLinesParser.Warning] = []
        let result = Result { try parser.document(from: try JSONLinesParser.object(in: line), line: 7, warnings: &warnings) }
        return outcome(result, warnings)
    }

    /// The outcome through the fast path, nil when it leaves the line to the dictionary path.
    private func fast(_ parser: JSONLinesParser, _ line: String) -> String? {
        guard let values = FlatJSONObject.parseKnown(line, keys: JSONLinesParser.knownKeyOrder) else { return nil }
        var warnings: [JSONLinesParser.Warning] = []
        let result = Result { try parser.document(fromKnown: values, line: 7, warnings: &warnings) }
        return outcome(result, warnings)
    }

    @Test func knownKeyOrderNamesTheKnownKeys() {
        #expect(Set(JSONLinesParser.knownKeyOrder) == JSONLinesParser.knownKeys)
        #expect(JSONLinesParser.knownKeyOrder.count == JSONLinesParser.knownKeys.count)
    }

    @Test func commonLinesTakeTheFastPath() throws {
        let parser = JSONLinesParser(file: "a.jsonl")
        let lines = [
            #"{"id": "deb/x", "title": "X — a tool", "date": null, "summary": "Does x", "body": "Long \"text\"\n"}"#,
            #"{"id": "m1", "date": "1950-10-08", "language": "en"}"#,
            #"{"id": "m2", "date": "sometime"}"#,
            #"{"id": "", "title": "empty id"}"#,
            #"{"title": "no id"}"#,
            #"{"id": null}"#,
            #"{}"#,
            #"{"\u0069d": "escaped key", "body": "caf\u00e9"}"#,
        ]
        for line in lines {
            let taken = try #require(fast(parser, line), "\(line) should take the fast path")
            #expect(taken == reference(parser, line), "\(line)")
        }
        for line in [#"{"id": 5}"#, #"{"id": "a", "box": "4"}"#, #"{"id": "a", "id": "b"}"#, #"{"id": "a", "title": 1}"#,
                     #"{"id": "a", "title": ["x"]}"#, #"{"id": "a",}"#, #"["a"]"#] {
            #expect(fast(parser, line) == nil, "\(line) should be left to the dictionary path")
        }
    }

    /// Random lines of known and other keys, strings with escapes, nulls, numbers and broken syntax.
    @Test func randomLinesGiveWhatTheDictionaryPathGives() {
        let parser = JSONLinesParser(file: "r.jsonl")
        var rng = SystemRandomNumberGenerator()
        let keys = JSONLinesParser.knownKeyOrder + ["Title", "box", "x y", "\\u0069d", ""]
        let texts = ["", "a", "deb/lib-dev", "1950-10-08", "1950", "sometime", "caf\\u00e9", "tab\\there", "q\\\"uote",
                     "é☃", "\\/", "2001-02-30", "\\ud800"]
        var fastCount = 0
        for _ in 0..<20_000 {
            let members = (0..<Int.random(in: 0...6, using: &rng)).map { _ -> String in
                let key = keys.randomElement(using: &rng)!
                let value: String
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: value = "null"
                case 1: value = "12"
                case 2: value = "true"
                default: value = "\"" + texts.randomElement(using: &rng)! + "\""
                }
                return "\"\(key)\": \(value)"
            }
            var line = "{" + members.joined(separator: Bool.random(using: &rng) ? "," : ", ") + "}"
            if Int.random(in: 0..<20, using: &rng) == 0 { line.removeLast() }
            guard let taken = fast(parser, line) else { continue }
            fastCount += 1
            #expect(taken == reference(parser, line), "\(line)")
        }
        #expect(fastCount > 2_000)
    }
}

/// A string value that does not read (a bad escape, a lone surrogate, a short `\u`, a raw control
/// character) is an error in both fast readers, even when what follows it reads as `null`: the line then
/// goes to `JSONSerialization`, which rejects it, never to a document with that field left empty.
@Test(arguments: [#"{"id":"a","title":"\xnull,"body":"x"}"#, #"{"id":"a","title":"\ud800null,"body":"x"}"#,
                  #"{"id":"a","title":"\u00null,"body":"x"}"#, "{\"id\":\"a\",\"title\":\"\n\tnull,\"body\":\"x\"}"])
func unreadableStringsAreErrorsNotNulls(line: String) {
    #expect(FlatJSONObject.parse(line) == nil)
    #expect(FlatJSONObject.parseKnown(line, keys: JSONLinesParser.knownKeyOrder) == nil)
    #expect((try? JSONLinesParser.object(in: line)) == nil)
}
