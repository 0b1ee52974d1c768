import ConcordIngest

extension IndexSearcher {
    /// The live record with this id, nil when the index has none. The id is compared exactly after
    /// Unicode NFC normalisation (as ids are indexed); it is looked up in the segments' document tables,
    /// never interpreted as a path.
    public func record(id: String) throws -> StoredRecord? {
        let wanted = Document.canonicalID(id)
        for segment in index.reader.segments {
            if let doc = try segment.liveDocument(withID: wanted) {
                return StoredRecord(storedFields: try segment.storedFields(doc))
            }
        }
        return nil
    }
}

extension IndexFolder {
    /// The live record with this id in the newest commit, nil when there is none (see `IndexSearcher.record(id:)`).
    public func record(id: String) throws -> StoredRecord? {
        try openSearcher().record(id: id)
    }
}
