/// A `PostingsCursor` over postings held in memory by `InMemorySegment`.
public struct InMemoryPostingsCursor: PostingsCursor {
    struct Posting {
        var doc: Int32
        /// Positions per field (title, summary, body), ascending.
        var positions: [[Int32]]
    }

    let postings: [Posting]
    private var index = -1
    public private(set) var doc: Int32 = -1
    public var documentFrequency: Int { postings.count }

    init(postings: [Posting]) {
        self.postings = postings
    }

    public mutating func next() throws -> Int32 {
        if doc == Int32.max { return doc }
        index += 1
        doc = index < postings.count ? postings[index].doc : Int32.max
        return doc
    }

    public mutating func advance(to target: Int32) throws -> Int32 {
        while doc < target { _ = try next() }
        return doc
    }

    public func frequency(inField field: Int) -> Int {
        guard index >= 0, index < postings.count, postings[index].positions.indices.contains(field) else { return 0 }
        return postings[index].positions[field].count
    }

    public mutating func positions(inField field: Int) throws -> [Int32] {
        guard index >= 0, index < postings.count, postings[index].positions.indices.contains(field) else { return [] }
        return postings[index].positions[field]
    }
}
