import ConcordIndex

/// Size and shape of an index at its newest commit.
public struct IndexStatistics: Codable, Sendable {
    /// Live documents.
    public var documents: Int
    /// Distinct terms over all segments.
    public var terms: Int
    public var segments: Int
    /// Bytes on disk of every file of the commit.
    public var bytes: Int
    public var deletedDocuments: Int
    public var commitGeneration: Int
    public var language: String
    /// Average tokens per document, by field name (title, summary, body).
    public var averageFieldLengths: [String: Double]

    init(reader: IndexReader) throws {
        documents = reader.liveDocumentCount
        segments = reader.segments.count
        bytes = reader.byteCount
        deletedDocuments = reader.segments.reduce(0) { $0 + $1.info.deletedCount }
        commitGeneration = reader.commit.generation
        language = (try? IndexSettings.decode(reader.commit.settings).analyzer.language) ?? "unknown"
        var averages: [String: Double] = [:]
        for field in IndexField.allCases {
            let total = reader.totalFieldLength(field: field.rawValue)
            averages[field.name] = documents == 0 ? 0 : Double(total) / Double(documents)
        }
        averageFieldLengths = averages
        terms = try Self.distinctTerms(reader)
    }

    private static func distinctTerms(_ reader: IndexReader) throws -> Int {
        if reader.segments.count == 1 { return reader.segments[0].termCount }
        var all = Set<[UInt8]>()
        for segment in reader.segments {
            try segment.forEachTerm { term, _ in all.insert(term) }
        }
        return all.count
    }
}
