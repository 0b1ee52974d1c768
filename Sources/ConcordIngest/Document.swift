import Foundation

/// One record of the corpus, as read from its source file, before analysis.
///
/// `id` is unique within a corpus (the reader resolves duplicates); `source` is the file's path
/// relative to the corpus root and `line` the 1-based line the record starts on, for record formats.
public struct Document: Equatable, Sendable {
    public var id: String
    public var title: String
    public var date: PartialDate?
    public var summary: String
    public var body: String
    public var source: String
    public var line: Int?
    public var language: String?
    /// Extra simple stored fields (e.g. unknown JSONL keys with string/number/bool values).
    public var extra: [String: String]

    public init(id: String, title: String = "", date: PartialDate? = nil, summary: String = "", body: String = "",
                source: String = "", line: Int? = nil, language: String? = nil, extra: [String: String] = [:]) {
        self.id = id
        self.title = title
        self.date = date
        self.summary = summary
        self.body = body
        self.source = source
        self.line = line
        self.language = language
        self.extra = extra
    }
}

extension Document {
    /// `id` in Unicode NFC. Ids are compared as strings (canonically equivalent ids are equal) and as
    /// bytes (in the index), so every id is stored in one normal form: "café" typed precomposed or
    /// with a combining accent is one id.
    public static func canonicalID(_ id: String) -> String {
        if id.utf8.allSatisfy({ $0 < 0x80 }) { return id }
        return id.precomposedStringWithCanonicalMapping
    }
}
