import ConcordAnalysis
import Foundation
import Testing
@testable import Concord

/// Settings are read from the commit on every open. The canonical text (what `encoded()` writes) is read
/// without Foundation's decoder; anything else goes to `JSONDecoder`. Both must give the same value.
enum IndexSettingsDecodingTests {
    static func foundation(_ text: String) -> IndexSettings? {
        try? JSONDecoder().decode(IndexSettings.self, from: Data(text.utf8))
    }

    /// Random settings (stop words with non-ASCII letters, quotes, backslashes, slashes and control
    /// characters among them) decode to themselves; the ones written without escapes take the fast path.
    @Test static func encodedSettingsDecodeToThemselves() throws {
        var rng = SeededGenerator(seed: 41)
        let pieces = ["the", "und", "før", "ещё", "λόγος", "", "a\"b", "back\\slash", "a/b", "tab\there", "z"]
        var fast = 0
        for _ in 0..<300 {
            var settings = IndexSettings(analyzer: AnalyzerConfiguration(
                language: rng.pick(AnalyzerConfiguration.supportedLanguages),
                stopWords: (0..<rng.int(0...6)).map { _ in rng.pick(pieces) }))
            settings.schemaVersion = rng.pick([0, 1, 7, 10, 123_456_789])
            let text = try settings.encoded()
            #expect(try IndexSettings.decode(text) == settings, "\(text)")
            if let canonical = IndexSettings.decodeCanonical(text) {
                fast += 1
                #expect(canonical == settings, "\(text)")
                #expect(foundation(text) == settings, "\(text)")
            } else {
                #expect(text.contains("\\"), "canonical text without escapes must take the fast path: \(text)")
            }
        }
        #expect(fast > 50)
        #expect(IndexSettings.decodeCanonical(try IndexSettings.standard().encoded()) == (try IndexSettings.standard()))
    }

    /// The settings text written without `JSONEncoder` is byte for byte what `JSONEncoder` writes, and
    /// strings it would escape are left to it.
    @Test static func canonicalEncodingEqualsFoundations() throws {
        var rng = SeededGenerator(seed: 43)
        let pieces = ["the", "und", "før", "ещё", "λόγος", "", "a\"b", "back\\slash", "a/b", "tab\there", "z",
                      "del\u{7F}", "line\u{2028}sep", "emoji😀", "nul\u{0}"]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var written = 0
        for _ in 0..<300 {
            var settings = IndexSettings(analyzer: AnalyzerConfiguration(
                language: rng.pick(AnalyzerConfiguration.supportedLanguages),
                stopWords: (0..<rng.int(0...6)).map { _ in rng.pick(pieces) }))
            settings.schemaVersion = rng.pick([0, 1, 7, 10, 123_456_789, -3])
            let foundation = String(decoding: try encoder.encode(settings), as: UTF8.self)
            #expect(try settings.encoded() == foundation)
            if let canonical = settings.encodedCanonical() {
                written += 1
                #expect(canonical == foundation)
            }
        }
        #expect(written > 50)
        #expect(try IndexSettings.standard().encodedCanonical() != nil)
    }

    /// Any other text — white space, other key order, a leading zero, a sign, an escape, trailing bytes,
    /// truncation — is not read by the fast path, and `decode` answers as `JSONDecoder` does.
    @Test static func otherTextsAreLeftToFoundation() throws {
        let canonical = #"{"analyzer":{"language":"english","stopWords":["a","an"]},"schemaVersion":1}"#
        #expect(IndexSettings.decodeCanonical(canonical) != nil)
        let others = [
            #"{ "analyzer":{"language":"english","stopWords":["a","an"]},"schemaVersion":1}"#,
            #"{"schemaVersion":1,"analyzer":{"language":"english","stopWords":["a","an"]}}"#,
            #"{"analyzer":{"stopWords":["a","an"],"language":"english"},"schemaVersion":1}"#,
            #"{"analyzer":{"language":"english","stopWords":["a","an"]},"schemaVersion":01}"#,
            #"{"analyzer":{"language":"english","stopWords":["a","an"]},"schemaVersion":-1}"#,
            #"{"analyzer":{"language":"english","stopWords":["a","an"]},"schemaVersion":1.0}"#,
            #"{"analyzer":{"language":"engl\u0069sh","stopWords":["a","an"]},"schemaVersion":1}"#,
            #"{"analyzer":{"language":"english","stopWords":["a",]},"schemaVersion":1}"#,
            #"{"analyzer":{"language":"english","stopWords":["a","an"]},"schemaVersion":1}x"#,
            #"{"analyzer":{"language":"english","stopWords":["a","an"]},"schemaVersion":1234567890}"#,
            #"{"analyzer":{"language":"english","stopWords":["a","an"]},"schemaVersion":"#,
            #"{"analyzer":{"language":"english","stopWords":["a","an"]}"#,
            "",
        ]
        for text in others {
            #expect(IndexSettings.decodeCanonical(text) == nil, "\(text)")
            #expect((try? IndexSettings.decode(text)) == foundation(text), "\(text)")
        }
        for length in 0..<canonical.utf8.count {
            let cut = String(decoding: Array(canonical.utf8.prefix(length)), as: UTF8.self)
            #expect(IndexSettings.decodeCanonical(cut) == nil, "cut at \(length)")
        }
    }
}
