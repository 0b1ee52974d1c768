/// Reads a `.txt` or `.md` file as one document.
///
/// Layout, top to bottom:
///
///     Title: Letter about the harbour        ← optional header of `Key: value` lines; a run of such lines naming
///     Date: October 8, 1950                    at least one known key (Title, Date, Id, Summary, Language; any
///     Collection: harbour-board                case), ending at the first blank line. Other keys are metadata
///                                              fields (`extra`): see `MetadataField` for names and values.
///
///     Letter about the harbour               ← title line: the first non-empty line, unless the header gave one
///                                              or the line is longer than 1,000 bytes (then there is no title)
///     October 8, 1950                        ← date line: taken when the next non-empty line is a date and no date
///                                              is known yet (a bare year such as `1950` counts)
///     The first paragraph is the summary,    ← summary: the first paragraph, unless the header gave one
///     its lines joined with spaces.
///
///     Everything after is the body.          ← body: the rest, lines joined with "\n", blank edges trimmed
///
/// Nothing is stored twice: a line used as title, date or summary is not repeated in the body, and a header
/// `Summary` leaves the whole text as the body. In Markdown the title line's heading marks (`# `, a setext
/// underline) are dropped; the rest is kept as written. The id is the header `Id`, else the file path.
/// A file with no text at all yields no document and a warning.
///
/// Fed line by line (`LineParser`), it keeps the file's lines and parses them at `finish`: one file, one document.
struct PlainTextParser: LineParser {
    static let knownKeys: Set<String> = ["title", "date", "id", "summary", "language"]
    /// A first line longer than this (in UTF-8 bytes) is text, not a title: the document has no title and
    /// the line starts its summary (a one-line file of a whole book must not become a book-long title).
    static let maxTitleLineBytes = 1_000

    let file: String
    let format: CorpusFormat
    private(set) var diagnostics: [CorpusDiagnostic] = []
    private var lines: [TextLine] = []

    init(file: String, format: CorpusFormat) {
        self.file = file
        self.format = format
    }

    mutating func take(_ line: TextLine, _ emit: (Document) throws -> Void) rethrows {
        lines.append(line)
    }

    mutating func finish(_ emit: (Document) throws -> Void) rethrows {
        let parsed = parse(lines)
        lines = []
        diagnostics = parsed.diagnostics
        if let document = parsed.document { try emit(document) }
    }

    func parse(_ lines: [TextLine]) -> (document: Document?, diagnostics: [CorpusDiagnostic]) {
        var diagnostics: [CorpusDiagnostic] = []
        var index = lines.firstIndex(where: { !$0.isBlank }) ?? lines.count
        guard index < lines.count else {
            return (nil, [.warning(file, "file has no text; no document")])
        }
        var document = Document(id: file, source: file)
        var title: String?
        var summary: String?

        // Header.
        if PlainTextParser.startsHeader(lines[index...]) {
            while index < lines.count, !lines[index].isBlank {
                guard let (key, value) = PlainTextParser.headerField(lines[index].text) else {
                    diagnostics.append(.warning(file, line: lines[index].number,
                                                "header ends without a blank line; this line starts the text"))
                    break
                }
                switch key.lowercased() {
                case "title": title = value
                case "summary": summary = value
                case "language": document.language = value.isEmpty ? nil : value
                case "id":
                    if !value.isEmpty { document.id = value }
                case "date":
                    document.date = PartialDate(parsing: value)
                    if document.date == nil && !value.isEmpty {
                        diagnostics.append(.warning(file, line: lines[index].number,
                                                    "unrecognized date \"\(value)\"; write e.g. October 8, 1950 or 1950-10-08"))
                    }
                default:
                    switch MetadataField.name(forKey: key) {
                    case .success(let name):
                        if document.extra[name] != nil {
                            diagnostics.append(.warning(file, line: lines[index].number,
                                                        "header key \(key) repeats the field \(name); this later value is kept"))
                        }
                        document.extra[name] = MetadataField.value(value)
                    case .failure(let rejection):
                        diagnostics.append(.warning(file, line: lines[index].number, MetadataField.message(key: key, rejection)))
                    }
                }
                index += 1
            }
        }
        var rest = lines[index...]

        // Title and date lines.
        if title == nil {
            rest = rest.drop(while: { $0.isBlank })
            if let titleLine = rest.first, titleLine.text.utf8.count <= PlainTextParser.maxTitleLineBytes {
                title = format == .markdown ? PlainTextParser.strippingHeadingMarks(titleLine.text) : titleLine.trimmed
                rest = rest.dropFirst()
                if format == .markdown, let underline = rest.first, PlainTextParser.isSetextUnderline(underline.text) {
                    rest = rest.dropFirst()
                }
                let afterTitle = rest.drop(while: { $0.isBlank })
                if document.date == nil, let dateLine = afterTitle.first,
                   let date = PartialDate(parsing: dateLine.text) {
                    document.date = date
                    rest = afterTitle.dropFirst()
                }
            }
        }

        // Summary paragraph.
        if summary == nil {
            rest = rest.drop(while: { $0.isBlank })
            let paragraph = rest.prefix(while: { !$0.isBlank })
            summary = paragraph.count == 1 ? paragraph.first?.trimmed : paragraph.map(\.trimmed).joined(separator: " ")
            rest = rest.dropFirst(paragraph.count)
        }

        // Body.
        let bodyLines = rest.drop(while: { $0.isBlank })
        let lastText = bodyLines.lastIndex(where: { !$0.isBlank })
        document.body = lastText.map { bodyLines[...$0].map(\.text).joined(separator: "\n") } ?? ""
        document.title = title ?? ""
        document.summary = summary ?? ""
        return (document, diagnostics)
    }

    /// Whether the text starting at `lines.first` opens with a header: a run of `Key: value` lines that
    /// names at least one known key (so `Collection: frus` may come before `Title:`, but a lone first line
    /// such as `Re: the harbour` stays a title).
    static func startsHeader(_ lines: ArraySlice<TextLine>) -> Bool {
        for line in lines {
            guard !line.isBlank, let (key, _) = headerField(line.text) else { return false }
            if knownKeys.contains(key.lowercased()) { return true }
        }
        return false
    }

    /// `Key: value` with a key of letters, digits, `-` or `_` starting at the first column, or `nil`.
    static func headerField(_ line: String) -> (key: String, value: String)? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let key = line[..<colon]
        guard let first = key.unicodeScalars.first, first.properties.isAlphabetic,
              key.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0)
                                               || $0 == "-" || $0 == "_" }) else { return nil }
        return (String(key), line[line.index(after: colon)...].trimmingWhitespace())
    }

    /// A Markdown ATX heading's text without its `#` marks (`## Title ##` → `Title`).
    static func strippingHeadingMarks(_ line: String) -> String {
        let trimmed = line.trimmingWhitespace()
        let marks = trimmed.prefix(while: { $0 == "#" })
        guard (1...6).contains(marks.count) else { return trimmed }
        let text = trimmed.dropFirst(marks.count)
        guard text.isEmpty || text.first?.isWhitespace == true else { return trimmed }
        var heading = text.trimmingWhitespace()
        // A closing sequence of #s is decoration when separated by a space.
        if let closing = heading.lastIndex(where: { $0 != "#" }), closing < heading.index(before: heading.endIndex),
           heading[closing].isWhitespace {
            heading = heading[...closing].trimmingWhitespace()
        }
        return heading
    }

    /// A Markdown setext underline: only `=` or only `-` characters (at least three), surrounding spaces allowed.
    static func isSetextUnderline(_ line: String) -> Bool {
        let trimmed = line.trimmingWhitespace()
        guard trimmed.count >= 3, let mark = trimmed.first, mark == "=" || mark == "-" else { return false }
        return trimmed.allSatisfy { $0 == mark }
    }
}
