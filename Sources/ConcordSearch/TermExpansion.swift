/// The index terms a prefix or fuzzy query term stands for, most frequent first.
///
/// `truncated` is true when more terms matched than the expansion limit allowed; the kept terms are then
/// the most frequent ones (ties by term bytes), so the expansion is deterministic.
public struct TermExpansion: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public var term: String
        /// Documents containing the term over all segments (deleted ones included, as the dictionary counts).
        public var documentFrequency: Int
        /// Edits from the query term (0 for prefix expansions).
        public var distance: Int
    }

    public var entries: [Entry]
    public var truncated: Bool

    public var terms: [String] { entries.map(\.term) }
}
