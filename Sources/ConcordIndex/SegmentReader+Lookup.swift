extension SegmentReader {
    /// The live document whose external id is `id` (compared byte for byte), nil when there is none.
    /// Scans the document table comparing id hashes, so only likely matches are decoded: O(maxDoc).
    public func liveDocument(withID id: String) throws -> Int? {
        let hash = DocumentTable.idHash(of: id)
        for doc in 0..<maxDoc where isLive(doc) {
            if try documentTable.idHash(doc) == hash, try documentTable.id(doc) == id { return doc }
        }
        return nil
    }
}
