import Foundation
import Testing
@testable import Concord

/// `JSONValue` text: strings escaped exactly as before the byte-level writer (quotes, backslashes,
/// control characters as `\u00xx` in lower-case hex, everything else as is), and every text reads back.
@Suite struct JSONValueTests {
    @Test func escapesExactlyTheCharactersJSONRequires() {
        #expect(JSONValue.string("plain").text == #""plain""#)
        #expect(JSONValue.string("").text == #""""#)
        #expect(JSONValue.string("say \"hi\" \\ bye").text == #""say \"hi\" \\ bye""#)
        #expect(JSONValue.string("a\nb\rc\td").text == #""a\nb\rc\td""#)
        #expect(JSONValue.string("\u{1B}[2J\u{07}\u{0}\u{1F}\u{7F}").text == #""\u001b[2J\u0007\u0000\u001f"# + "\u{7F}\"")
        #expect(JSONValue.string("café — 停战 🕊️").text == "\"café — 停战 🕊️\"")
        #expect(JSONValue.object([("k\"ey", .array([.int(-3), .double(0.1), .double(.infinity), .bool(true), .null]))]).text
            == #"{"k\"ey":[-3,0.1,null,true,null]}"#)
    }

    /// Random strings over a mixed alphabet read back unchanged through Foundation's JSON parser.
    @Test func randomStringsReadBack() throws {
        var rng = SeededGenerator(seed: 5)
        let alphabet: [Character] = ["a", "Z", " ", "\"", "\\", "\n", "\r", "\t", "\u{1}", "\u{1B}", "é", "停", "🕊", "/", "\u{2028}", "{"]
        for _ in 0..<300 {
            let length = Int(rng.next() % 40)
            let text = String((0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            let json = JSONValue.array([.string(text), .object([(text, .string(text))])]).text
            let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Any]
            #expect(parsed?.first as? String == text, "\(json)")
            #expect((parsed?.last as? [String: String])?[text] == text, "\(json)")
        }
    }
}
