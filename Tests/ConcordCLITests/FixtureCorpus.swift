import Foundation

/// The fixture corpora in Tests/ConcordCLITests/Fixtures, and an independent reader of the main one that
/// follows the documented corpus formats (it only needs to cover the shapes the fixture files use).
enum FixtureCorpus {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    /// The main corpus: every format, indexes without diagnostics.
    static let main = fixtures.appendingPathComponent("corpus")
    /// A corpus whose JSON lines file has malformed records.
    static let malformed = fixtures.appendingPathComponent("malformed")

    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// The main corpus read once, or why it could not be read.
    static let loaded: Result<[FixtureDocument], any Error> = Result { try read(main) }

    /// The documents of the main corpus (empty when it cannot be read; `FixtureReaderTests` then fails).
    static var documents: [FixtureDocument] { (try? loaded.get()) ?? [] }

    /// The document at `location` (a result's "source").
    static func document(at location: String) -> FixtureDocument? {
        documents.first { $0.location == location }
    }

    static func read(_ root: URL) throws -> [FixtureDocument] {
        let files = try FileManager.default.subpathsOfDirectory(atPath: root.path).sorted()
        var documents: [FixtureDocument] = []
        for path in files where ["jsonl", "listing", "txt", "md"].contains(URL(fileURLWithPath: path).pathExtension) {
            let url = root.appendingPathComponent(path)
            let lines = try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\n")
            switch url.pathExtension {
            case "jsonl": documents += try jsonLines(lines, path: path)
            case "listing": documents += listing(lines, path: path)
            case "txt", "md": documents.append(plainText(lines, path: path, markdown: url.pathExtension == "md"))
            default: continue
            }
        }
        return documents
    }

    /// `Month D, YYYY`, `Month YYYY` or `YYYY` (the forms the fixture uses) → ISO text.
    static func isoDate(_ line: String) -> String? {
        let words = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")
            .split(separator: " ").map(String.init)
        func year(_ text: String) -> String? { text.count == 4 && Int(text) != nil ? text : nil }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        switch words.count {
        case 1:
            return year(words[0])
        case 2:
            guard let month = monthNames.firstIndex(of: words[0]), let y = year(words[1]) else { return nil }
            return "\(y)-\(two(month + 1))"
        case 3:
            guard let month = monthNames.firstIndex(of: words[0]), let day = Int(words[1]), let y = year(words[2]) else {
                return nil
            }
            return "\(y)-\(two(month + 1))-\(two(day))"
        default:
            return nil
        }
    }

    private static func isBlank(_ line: String) -> Bool { line.trimmingCharacters(in: .whitespaces).isEmpty }

    private static func jsonLines(_ lines: [String], path: String) throws -> [FixtureDocument] {
        var documents: [FixtureDocument] = []
        for (offset, line) in lines.enumerated() where !isBlank(line) {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
            documents.append(FixtureDocument(
                location: "\(path):\(offset + 1)", id: object["id"] as? String,
                title: object["title"] as? String ?? "", summary: object["summary"] as? String ?? "",
                body: object["body"] as? String ?? "", isoDate: object["date"] as? String))
        }
        return documents
    }

    /// Records are a date line, a title line and a summary paragraph; everything else is page chrome.
    private static func listing(_ lines: [String], path: String) -> [FixtureDocument] {
        var documents: [FixtureDocument] = []
        var index = 0
        while index < lines.count {
            guard let date = isoDate(lines[index]) else {
                index += 1
                continue
            }
            let dateLine = index + 1
            index += 1
            while index < lines.count, isBlank(lines[index]) { index += 1 }
            let title = index < lines.count ? lines[index].trimmingCharacters(in: .whitespaces) : ""
            index += 1
            while index < lines.count, isBlank(lines[index]) { index += 1 }
            var summary: [String] = []
            while index < lines.count, !isBlank(lines[index]) {
                summary.append(lines[index].trimmingCharacters(in: .whitespaces))
                index += 1
            }
            documents.append(FixtureDocument(location: "\(path):\(dateLine)", id: nil, title: title,
                                             summary: summary.joined(separator: " "), body: "", isoDate: date))
        }
        return documents
    }

    /// Optional `Key: value` header; else title line, optional date line, summary paragraph, body.
    private static func plainText(_ lines: [String], path: String, markdown: Bool) -> FixtureDocument {
        var document = FixtureDocument(location: path, id: path, title: "", summary: "", body: "", isoDate: nil)
        var rest = ArraySlice(lines)
        var hasTitle = false, hasSummary = false
        let headerKeys = ["Title", "Date", "Id", "Summary", "Language"]
        if let first = rest.first, headerKeys.contains(where: { first.hasPrefix($0 + ":") }) {
            while let line = rest.first, !isBlank(line) {
                rest = rest.dropFirst()
                guard let colon = line.firstIndex(of: ":") else { continue }
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                switch line[..<colon] {
                case "Title": document.title = value; hasTitle = true
                case "Date": document.isoDate = isoDate(value)
                case "Id": document.id = value
                case "Summary": document.summary = value; hasSummary = true
                default: break
                }
            }
        }
        rest = rest.drop(while: isBlank)
        if !hasTitle, let line = rest.first {
            document.title = markdown && line.hasPrefix("# ") ? String(line.dropFirst(2)) : line
            rest = rest.dropFirst().drop(while: isBlank)
            if let line = rest.first, let date = isoDate(line) {
                document.isoDate = date
                rest = rest.dropFirst()
            }
        }
        rest = rest.drop(while: isBlank)
        if !hasSummary {
            let paragraph = rest.prefix(while: { !isBlank($0) })
            document.summary = paragraph.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            rest = rest.dropFirst(paragraph.count)
        }
        document.body = rest.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return document
    }
}
