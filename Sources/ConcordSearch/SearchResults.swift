/// One page of ranked results plus the total number of matching live documents.
/// `hits` are sorted by score descending, ties by document id ascending.
public struct SearchResults: Sendable {
    public var total: Int
    public var hits: [SearchHit]

    public init(total: Int, hits: [SearchHit]) {
        self.total = total
        self.hits = hits
    }
}
