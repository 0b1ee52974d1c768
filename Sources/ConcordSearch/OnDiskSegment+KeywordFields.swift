extension OnDiskSegment {
    /// From the column file's field list (no stored fields read).
    public func hasKeywordField(_ name: String) throws -> Bool {
        reader.keywordColumn(name) != nil
    }
}
