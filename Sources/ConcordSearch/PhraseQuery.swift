/// An exact phrase: terms at fixed relative positions inside one field.
///
/// An occurrence is a start position p such that, in the same field, every part i has its term at
/// p + offsets[i] (overlapping occurrences all count). tf_f is the number of occurrences in field f and
/// n_t the number of live documents with at least one (in the scoped field, when scoped); the phrase
/// then scores as one BM25F term.
public struct PhraseQuery: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var terms: [String]
    /// Analyzer positions relative to the first term (`offsets[0] == 0`).
    public var offsets: [Int]
    public var field: SearchField?
    public var boost: Int

    public init(terms: [String], offsets: [Int]? = nil, field: SearchField? = nil, boost: Int = 1) {
        self.terms = terms
        if let offsets, offsets.count == terms.count, offsets.first == 0 {
            self.offsets = offsets
        } else {
            self.offsets = Array(terms.indices)
        }
        self.field = field
        self.boost = boost
    }

    public var description: String {
        scopePrefix(field) + "\"" + terms.joined(separator: " ") + "\"" + boostSuffix(boost)
    }
}
