@testable import ConcordIngest

/// Seeded generator of messy corpus files, for checking that streaming and whole-file reading agree.
///
/// Files mix well-formed records with the problems the reader must survive: CRLF and LF endings, a leading byte order
/// mark, invalid UTF-8 sequences, blank and whitespace-only lines, malformed JSON, listing page chrome, date lines
/// without titles, repeated titles, a missing final newline, and now and then a NUL byte (a binary file).
struct RandomCorpusFile {
    /// SplitMix64: tiny, deterministic on every platform, good enough to pick test cases.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let dates = ["March 3, 1921", "June 1921", "1923", "14 August 1922", "1950-10-08", "Oct 8 1950",
                        "not a date", "", "31 February 1950"]
    static let words = ["harbour", "pier", "Zhou", "Enlai’s", "visit", "Ærø", "周恩来", "lamp", "oil", "—", "#",
                        "Title:", "Date:", "x", "the", "commission", "é"]
    static let invalidSequences: [[UInt8]] = [[0xFF], [0xC3, 0x28], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0x80]]

    var generator: Generator

    init(seed: UInt64) {
        generator = Generator(state: seed)
    }

    mutating func chance(_ percent: Int) -> Bool {
        Int.random(in: 0..<100, using: &generator) < percent
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[Int.random(in: 0..<values.count, using: &generator)]
    }

    mutating func phrase(maxWords: Int = 8) -> String {
        (0..<Int.random(in: 1...maxWords, using: &generator)).map { _ in pick(Self.words) }.joined(separator: " ")
    }

    /// The bytes of a random file in `format`.
    mutating func bytes(for format: CorpusFormat) -> [UInt8] {
        let lines: [String]
        switch format {
        case .jsonl: lines = jsonLines()
        case .listing: lines = listingLines()
        case .text, .markdown: lines = plainTextLines()
        }
        let crlf = chance(30)
        var bytes: [UInt8] = chance(15) ? [0xEF, 0xBB, 0xBF] : []
        for (index, line) in lines.enumerated() {
            var lineBytes = Array(line.utf8)
            if chance(4) {
                let at = Int.random(in: 0...lineBytes.count, using: &generator)
                lineBytes.insert(contentsOf: pick(Self.invalidSequences), at: at)
            }
            bytes += lineBytes
            if index < lines.count - 1 || chance(70) {
                bytes += (crlf || chance(5)) ? [0x0D, 0x0A] : [0x0A]
            }
        }
        if chance(3) { bytes += [0x0D] }
        if chance(2) { bytes.insert(0, at: Int.random(in: 0...bytes.count, using: &generator)) }
        return bytes
    }

    mutating func jsonLines() -> [String] {
        (0..<Int.random(in: 0...40, using: &generator)).map { index in
            switch Int.random(in: 0..<100, using: &generator) {
            case 0..<8: return chance(50) ? "" : "  \t"
            case 8..<14: return pick(["{\"id\": ", "not json", "[1, 2]", "{\"title\": \"no id\"}", "\"text\"",
                                      "{\"id\": \"\"}", "{\"id\": 1.5}", "{\"id\": \"t\", \"title\": 3}"])
            default:
                var fields = [chance(20) ? "\"id\": \(index % 7)" : "\"id\": \"r\(index % 9)\""]
                if chance(70) { fields.append("\"title\": \"\(phrase())\"") }
                if chance(50) { fields.append("\"date\": \"\(pick(Self.dates))\"") }
                if chance(60) { fields.append("\"body\": \"\(phrase(maxWords: 60))\"") }
                if chance(20) { fields.append("\"language\": null") }
                if chance(30) { fields.append("\"box\": \(pick(["4", "2.5", "true", "\"b\"", "[1]", "null"]))") }
                return "{" + fields.joined(separator: ", ") + "}"
            }
        }
    }

    mutating func listingLines() -> [String] {
        var lines: [String] = []
        if chance(70) { lines += ["Skip to content", "Menu", "", "21 - 27 of 48", "", ""] }
        let titles = ["Letter from A to B", "Report", "Mémoire sur l’éclairage", "周恩来", phrase(maxWords: 4)]
        for _ in 0..<Int.random(in: 0...25, using: &generator) {
            lines.append(pick(Self.dates))
            if chance(85) { lines.append("") }
            if chance(90) { lines.append(pick(titles)) }
            if chance(80) { lines.append("") }
            for _ in 0..<Int.random(in: 0...3, using: &generator) { lines.append(phrase()) }
            lines += chance(80) ? [""] : []
            if chance(10) { lines += ["Back to top", ""] }
        }
        return lines
    }

    mutating func plainTextLines() -> [String] {
        var lines: [String] = []
        if chance(40) {
            lines += ["Title: \(phrase(maxWords: 4))", "Date: \(pick(Self.dates))", "Mood: calm"]
            if chance(50) { lines.append("Id: doc-\(Int.random(in: 0..<5, using: &generator))") }
            if chance(80) { lines.append("") }
        }
        for _ in 0..<Int.random(in: 0...20, using: &generator) {
            lines.append(chance(20) ? pick(["", "   ", "\t", "# Heading", "===", "1950"]) : phrase(maxWords: 12))
        }
        return lines
    }
}

/// A document and diagnostics rendered as stable text (extra keys sorted), to compare runs of any process.
func canonicalText(_ contents: CorpusFileContents) -> String {
    var text = "hash \(contents.contentHash)\n"
    for document in contents.documents {
        let extra = document.extra.keys.sorted().map { "\($0)=\(document.extra[$0] ?? "")" }.joined(separator: ",")
        text += "doc id=\(document.id) title=\(document.title) date=\(document.date?.iso ?? "-") "
            + "summary=\(document.summary) body=\(document.body) source=\(document.source) "
            + "line=\(document.line.map(String.init) ?? "-") language=\(document.language ?? "-") extra=\(extra)\n"
    }
    for diagnostic in contents.diagnostics { text += "diag \(diagnostic)\n" }
    return text
}
