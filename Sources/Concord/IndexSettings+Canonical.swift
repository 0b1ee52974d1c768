import ConcordAnalysis

extension IndexSettings {
    /// The settings in the exact text `encoded()` writes for them — sorted keys, no white space,
    /// strings without escapes, `{"analyzer":{"language":…,"stopWords":[…]},"schemaVersion":…}` —
    /// read without Foundation's decoder, whose first use in a process costs more than a rare-term
    /// search (every search in a fresh process decodes the settings). Nil for any other text: the
    /// caller then asks `JSONDecoder`, which decides (and words the error) as always. Whatever this
    /// accepts is valid JSON that `JSONDecoder` decodes to the same value.
    static func decodeCanonical(_ text: String) -> IndexSettings? {
        var text = text
        return text.withUTF8 { bytes in
            var reader = CanonicalReader(bytes: bytes)
            guard reader.take(#"{"analyzer":{"language":"#), let language = reader.string(),
                  reader.take(#","stopWords":["#)
            else { return nil }
            var stopWords: [String] = []
            if !reader.take("]") {
                repeat {
                    guard let word = reader.string() else { return nil }
                    stopWords.append(word)
                } while reader.take(",")
                guard reader.take("]") else { return nil }
            }
            guard reader.take(#"},"schemaVersion":"#), let version = reader.integer(), reader.take("}"), reader.isAtEnd
            else { return nil }
            var settings = IndexSettings(analyzer: AnalyzerConfiguration(language: language, stopWords: stopWords))
            settings.schemaVersion = version
            return settings
        }
    }
}

extension IndexSettings {
    /// The text `JSONEncoder` (sorted keys) writes for these settings, written without it (its first use in
    /// a process costs more than the rest of opening an index for an update), or nil when a string holds a
    /// character `JSONEncoder` escapes (a quote, backslash, slash or control character): the caller then
    /// asks `JSONEncoder`.
    func encodedCanonical() -> String? {
        func plain(_ text: String) -> Bool {
            !text.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }
        }
        guard plain(analyzer.language), analyzer.stopWords.allSatisfy(plain) else { return nil }
        let words = analyzer.stopWords.map { "\"\($0)\"" }.joined(separator: ",")
        return #"{"analyzer":{"language":""# + analyzer.language + #"","stopWords":["# + words
            + #"]},"schemaVersion":"# + String(schemaVersion) + "}"
    }
}

/// A cursor over the canonical settings text: literal pieces, plain strings and small integers.
private struct CanonicalReader {
    let bytes: UnsafeBufferPointer<UInt8>
    var offset = 0

    var isAtEnd: Bool { offset == bytes.count }

    /// Consumes `literal` when the text continues with it.
    mutating func take(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard bytes.count - offset >= count else { return false }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for i in 0..<count where bytes[offset + i] != expected[i] { return false }
        offset += count
        return true
    }

    /// A string without escapes or control characters (nil for any other, the cursor then unusable).
    mutating func string() -> String? {
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { return nil }
        let start = offset + 1
        var end = start
        while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
            guard bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 else { return nil }
            end += 1
        }
        guard end < bytes.count else { return nil }
        offset = end + 1
        // The text is valid UTF-8 and the quotes are ASCII, so the bytes between are whole scalars.
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }

    /// A non-negative integer as JSON writes it (no sign, no leading zero), up to 9 digits.
    mutating func integer() -> Int? {
        var value = 0, digits = 0
        while offset + digits < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset + digits]) {
            value = value * 10 + Int(bytes[offset + digits] - UInt8(ascii: "0"))
            digits += 1
            guard digits <= 9 else { return nil }
        }
        guard digits > 0, digits == 1 || bytes[offset] != UInt8(ascii: "0") else { return nil }
        offset += digits
        return value
    }
}
