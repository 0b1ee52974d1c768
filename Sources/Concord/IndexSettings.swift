import ConcordAnalysis
import Foundation

/// The settings an index is created with, stored in every commit so that later runs and queries
/// analyze text exactly as the index did.
public struct IndexSettings: Codable, Equatable, Sendable {
    /// Version of the pipeline's document model (fields and stored-field names).
    public var schemaVersion: Int
    public var analyzer: AnalyzerConfiguration

    public static let currentSchemaVersion = 1

    public init(analyzer: AnalyzerConfiguration) {
        self.schemaVersion = Self.currentSchemaVersion
        self.analyzer = analyzer
    }

    /// Default settings for `language` (its stemmer and stop words).
    public static func standard(language: String = "english") throws -> IndexSettings {
        IndexSettings(analyzer: try AnalyzerConfiguration.standard(language: language))
    }

    func encoded() throws -> String {
        if let text = encodedCanonical() { return text }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> IndexSettings {
        if let settings = decodeCanonical(text) { return settings }
        do {
            return try JSONDecoder().decode(IndexSettings.self, from: Data(text.utf8))
        } catch {
            throw ConcordError.invalidSettings(reason: "\(error)")
        }
    }
}
