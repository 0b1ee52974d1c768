/// An index made of `InMemorySegment`s; statistics are computed over live documents only.
public struct InMemoryIndex: SearchableIndex {
    public var segments: [InMemorySegment]

    public init(segments: [InMemorySegment]) {
        self.segments = segments
    }

    public var liveDocumentCount: Int {
        segments.reduce(0) { $0 + $1.liveDocumentCount }
    }

    public func totalFieldLength(field: Int) -> Int {
        guard field >= 0, field < SearchField.count else { return 0 }
        return segments.reduce(0) { $0 + $1.liveFieldLengths[field] }
    }
}
