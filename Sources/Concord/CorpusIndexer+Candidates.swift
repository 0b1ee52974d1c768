import ConcordIndex

extension CorpusIndexer {
    /// Whether some of `candidates` (the ids of changed, new and removed files) may also occur in a corpus
    /// file that did not change, so that duplicate resolution needs the record lists of every file.
    /// When it returns false, those lists are not read: no candidate occurs in them.
    ///
    /// The proof rests on what every run keeps true: the live documents of a commit are exactly the
    /// distinct ids its manifest lists, one each (a run deletes only ids no file holds any more, and adds
    /// every winner; their number, `documentCount`, is checked here against the index's live count).
    /// So a candidate
    /// - that is not live occurs in no file of the last commit, changed or not;
    /// - that is live, has no duplicate warning (it occurred once) and occurs in the previous records of a
    ///   changed or removed file (`previousIDs`) occurs nowhere else.
    /// Any other candidate (a new record whose id is live, an id that had duplicates) may occur in an
    /// unchanged file. Equal counts do not prove equal sets by themselves; what does is that only this
    /// indexer writes an index's documents, and a commit holds its manifest and its segments together.
    static func mayOccurInUnchangedFiles(_ candidates: Set<String>, live: [String: UInt64], previousIDs: Set<String>,
                                         previous: CorpusManifest, liveCount: Int) -> Bool {
        guard previous.documentCount == liveCount else { return true }
        guard !live.isEmpty else { return false }
        let warned = Set(previous.duplicateWarnings.map(\.id))
        return live.keys.contains { !previousIDs.contains($0) || warned.contains($0) }
    }
}
