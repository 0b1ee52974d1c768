/// Every index term starting with `prefix` (`Khrush*`), expanded when the query runs: at most
/// `TermExpansionLimits.prefix` terms, most frequent first (a warning reports a cut).
///
/// The expansion scores as ONE BM25F term whose occurrences are those of all its terms together:
/// tf_f = Σ over expanded terms of tf_f, n_t = live documents containing any of them (in the scoped
/// field, when scoped). A document is not rewarded for containing several spellings, and a rare
/// variant does not outscore the common one through its idf.
public struct PrefixQuery: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Folded, unstemmed prefix.
    public var prefix: String
    public var field: SearchField?
    public var boost: Int

    public init(prefix: String, field: SearchField? = nil, boost: Int = 1) {
        self.prefix = prefix
        self.field = field
        self.boost = boost
    }

    public var description: String { scopePrefix(field) + prefix + "*" + boostSuffix(boost) }
}

/// Caps on how many index terms one prefix or fuzzy query expands to.
public enum TermExpansionLimits {
    public static let prefix = 128
    public static let fuzzy = 64
}
