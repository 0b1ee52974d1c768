extension SegmentReader {
    /// The live document whose external id is `id` (compared byte for byte), nil when there is none.
    /// Scans the document table's ids in order: O(maxDoc).
    public func liveDocument(withID id: String) throws -> Int? {
        let wanted = Array(id.utf8)
        var found: Int?
        try documentTable.forEachID { doc, bytes in
            if found == nil, isLive(doc), bytes.elementsEqual(wanted) { found = doc }
        }
        return found
    }
}
