/// One analyzed clause: a single term, or a phrase of terms at fixed relative positions.
///
/// `terms` and `offsets` have the same, non-zero length; `offsets[0] == 0` and offsets are the
/// analyzer positions relative to the first term (they may skip, e.g. when the analyzer drops a word).
/// A clause with one term is a term clause; with more it is an exact phrase matched within one field.
public struct QueryClause: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var occur: Occur
    public var terms: [String]
    public var offsets: [Int]
    /// True for a single-term clause whose term the analyzer marked as a stop word.
    public var isStopWord: Bool
    /// How many times the query names this clause as a scored (optional or required) clause; its
    /// contribution to a score is multiplied by this. 0 for an excluded clause.
    public var queryFrequency: Int

    public init(occur: Occur, terms: [String], offsets: [Int]? = nil, isStopWord: Bool = false) {
        self.occur = occur
        self.terms = terms
        // Mismatched offsets would be meaningless; fall back to consecutive positions.
        if let offsets, offsets.count == terms.count, offsets.first == 0 {
            self.offsets = offsets
        } else {
            self.offsets = Array(terms.indices)
        }
        self.isStopWord = isStopWord
        self.queryFrequency = occur == .mustNot ? 0 : 1
    }

    /// A single-term clause.
    public init(occur: Occur, term: String, isStopWord: Bool = false) {
        self.init(occur: occur, terms: [term], offsets: [0], isStopWord: isStopWord)
    }

    public var isPhrase: Bool { terms.count > 1 }

    /// Scored clauses (should and must) contribute to a document's score; mustNot clauses never do.
    public var isScored: Bool { occur != .mustNot }

    /// The clause as query text: `+"new york"`, `-cat`, `dog`. Offset gaps are not shown.
    public var description: String {
        let prefix: String
        switch occur {
        case .should: prefix = ""
        case .must: prefix = "+"
        case .mustNot: prefix = "-"
        case .filter: prefix = "#"
        }
        return isPhrase ? prefix + "\"" + terms.joined(separator: " ") + "\"" : prefix + terms.joined()
    }

    /// Identity for de-duplication: the same terms at the same offsets, whatever the occur.
    var matchKey: MatchKey { MatchKey(terms: terms, offsets: offsets) }

    struct MatchKey: Hashable {
        var terms: [String]
        var offsets: [Int]
    }
}
