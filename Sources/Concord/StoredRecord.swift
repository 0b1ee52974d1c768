/// One whole record as the index stores it: what `concord show ID` prints and `GET /records/{id}` returns.
public struct StoredRecord: Equatable, Sendable {
    /// The record's id (Unicode NFC, as indexed).
    public var id: String
    public var title: String
    /// Nil when the record has no date.
    public var date: PartialDate?
    public var summary: String
    public var body: String
    /// Metadata (keyword) fields, such as "collection": name → value.
    public var fields: [String: String]
    /// Path of the corpus file, relative to the corpus folder.
    public var source: String
    /// 1-based line of the record in its file, for formats with several records per file.
    public var line: Int?
    /// The language the record declared (`Language:` header, `"language"` key), if any.
    public var language: String?

    public init(id: String, title: String = "", date: PartialDate? = nil, summary: String = "", body: String = "",
                fields: [String: String] = [:], source: String = "", line: Int? = nil, language: String? = nil) {
        self.id = id
        self.title = title
        self.date = date
        self.summary = summary
        self.body = body
        self.fields = fields
        self.source = source
        self.line = line
        self.language = language
    }

    /// `path` or `path:line`.
    public var location: String { line.map { "\(source):\($0)" } ?? source }

    /// The record described by a document's stored fields.
    init(storedFields: [(name: String, value: String)]) {
        var values: [String: String] = [:]
        for field in storedFields { values[field.name] = field.value }
        self.init(id: values["id"] ?? "", title: values["title"] ?? "", date: values["date"].flatMap { PartialDate(parsing: $0) },
                  summary: values["summary"] ?? "", body: values["body"] ?? "",
                  fields: values.filter { !DocumentAnalyzer.reservedFields.contains($0.key) },
                  source: values["source"] ?? "", line: values["line"].flatMap { Int($0) }, language: values["language"])
    }
}
