/// The last few terms a segment reader looked up, with what the dictionary said and, once counted, how
/// many live documents hold them. A query looks each of its terms up several times (for its document
/// frequency, for its scorer, for its hits' snippets); this makes the repeats free. A fixed ring of
/// `capacity` entries, searched linearly (a query has few terms; comparing short strings is cheap).
struct RecentTermLookups {
    static let capacity = 16

    struct Entry {
        let term: String
        let info: TermInfo?
        /// Live documents holding the term, when counted.
        var liveFrequency: Int?
    }

    private var entries: [Entry] = []
    private var next = 0

    /// The index of `term`'s entry, nil when it is not among the recent lookups.
    func index(of term: String) -> Int? { entries.firstIndex { $0.term == term } }

    subscript(index: Int) -> Entry {
        get { entries[index] }
        set { entries[index] = newValue }
    }

    /// Remembers `term`'s lookup, replacing the oldest entry when full; returns its index.
    mutating func insert(_ term: String, info: TermInfo?) -> Int {
        let entry = Entry(term: term, info: info, liveFrequency: nil)
        if entries.count < Self.capacity {
            entries.append(entry)
            return entries.count - 1
        }
        let slot = next
        entries[slot] = entry
        next = (next + 1) % Self.capacity
        return slot
    }
}
