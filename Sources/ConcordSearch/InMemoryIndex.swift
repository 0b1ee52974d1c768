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
        var total = 0
        for segment in segments {
            for doc in 0..<segment.maxDoc where segment.isLive(doc) {
                total += segment.fieldLength(doc, field: field)
            }
        }
        return total
    }
}
