import ConcordIngest

/// One whole record as the index stores it: what `concord show` and the server's record page display.
public struct StoredRecord: Sendable, Equatable {
    public var id: String
    public var title: String
    public var date: PartialDate?
    public var summary: String
    public var body: String
    /// The corpus file it came from, relative to the corpus folder.
    public var source: String
    /// Its line in `source` (JSON lines and listing files).
    public var line: Int?
    public var language: String?
    /// Metadata fields (`.jsonl` keys and `Key: value` header lines beyond the reserved ones).
    public var fields: [String: String]

    public init(id: String, title: String, date: PartialDate?, summary: String, body: String, source: String,
                line: Int?, language: String?, fields: [String: String]) {
        self.id = id
        self.title = title
        self.date = date
        self.summary = summary
        self.body = body
        self.source = source
        self.line = line
        self.language = language
        self.fields = fields
    }

    /// Builds a record from stored fields as `DocumentAnalyzer` lays them out.
    init(storedFields: [(name: String, value: String)]) {
        var values: [String: String] = [:]
        for field in storedFields { values[field.name] = field.value }
        var extra = values
        for reserved in DocumentAnalyzer.reservedFields { extra[reserved] = nil }
        self.init(id: values["id"] ?? "", title: values["title"] ?? "", date: values["date"].flatMap { PartialDate(parsing: $0) },
                  summary: values["summary"] ?? "", body: values["body"] ?? "", source: values["source"] ?? "",
                  line: values["line"].flatMap { Int($0) }, language: values["language"], fields: extra)
    }

    /// `path` or `path:line`.
    public var location: String { line.map { "\(source):\($0)" } ?? source }

    /// `{"id", "title", "date", "summary", "body", "fields", "source", "language"}`; the shape of
    /// `/api/records/{id}`.
    public var jsonObject: JSONValue {
        .object([
            ("id", .string(id)),
            ("title", .string(title)),
            ("date", date.map { .string($0.iso) } ?? .null),
            ("summary", .string(summary)),
            ("body", .string(body)),
            ("fields", .object(fields.keys.sorted().map { ($0, .string(fields[$0] ?? "")) })),
            ("source", .string(location)),
            ("language", language.map(JSONValue.string) ?? .null),
        ])
    }
}
