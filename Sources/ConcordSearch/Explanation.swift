/// Why a document got its score: one entry per scored clause it matched, each with per-field details.
/// `score` equals the hit's score exactly (same arithmetic, same order).
public struct Explanation: Equatable, Sendable, Codable {
    public var score: Double
    public var documentCount: Int
    public var clauses: [ClauseExplanation]

    public init(score: Double, documentCount: Int, clauses: [ClauseExplanation]) {
        self.score = score
        self.documentCount = documentCount
        self.clauses = clauses
    }
}

/// One clause's BM25F contribution to one document.
public struct ClauseExplanation: Equatable, Sendable, Codable {
    /// The clause as query text, e.g. `+"new york"`.
    public var clause: String
    public var occur: Occur
    public var fields: [FieldExplanation]
    /// tf' = Σ_f w_f · tf_f / norm_f.
    public var pseudoFrequency: Double
    public var idf: Double
    /// N: live documents in the index.
    public var documentCount: Int
    /// n_t: live documents containing the term or phrase.
    public var documentFrequency: Int
    public var contribution: Double
}

/// One field's part of a clause's tf'.
public struct FieldExplanation: Equatable, Sendable, Codable {
    public var field: SearchField
    public var termFrequency: Int
    public var length: Int
    public var averageLength: Double
    public var weight: Double
    public var b: Double
    /// `1 − b + b · length / averageLength` (1 when averageLength is 0).
    public var norm: Double
}
