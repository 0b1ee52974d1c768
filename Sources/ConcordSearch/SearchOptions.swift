/// How one search pages, orders and summarizes its hits.
public struct SearchOptions: Sendable, Equatable {
    /// 1-based page.
    public var page: Int
    /// Hits per page (0 only counts).
    public var limit: Int
    public var order: HitOrder
    public var facets: [FacetField]
    public var explain: Bool
    /// Whether hits carry their stored fields (`SearchHit.fields`); false leaves them empty, for callers
    /// that read only the fields they need themselves.
    public var storedFields: Bool

    public init(page: Int = 1, limit: Int = 10, order: HitOrder = .relevance, facets: [FacetField] = [], explain: Bool = false,
                storedFields: Bool = true) {
        self.page = page
        self.limit = limit
        self.order = order
        self.facets = facets
        self.explain = explain
        self.storedFields = storedFields
    }
}

/// Hit order. Every order breaks ties by score (higher first), then id, so paging is exact.
public enum HitOrder: Sendable, Equatable {
    case relevance
    /// Oldest first by the date interval's first day, then its last; undated hits last.
    case dateAscending
    /// Newest first (the reverse of `dateAscending` on dates); undated hits last.
    case dateDescending
}

/// What a facet counts hits by: the year or decade a hit's date starts in, or a keyword field's value.
public enum FacetField: Sendable, Hashable {
    case year
    case decade
    case keyword(String)
}

/// Exact hit counts per value of one facet over all hits. Years and decades ascending (a decade is
/// written `1970s`); keyword values by count descending, then value. Hits without a value are not counted.
public struct FacetCounts: Sendable, Equatable {
    public var field: FacetField
    public var counts: [(value: String, count: Int)]

    public init(field: FacetField, counts: [(value: String, count: Int)]) {
        self.field = field
        self.counts = counts
    }

    public static func == (a: FacetCounts, b: FacetCounts) -> Bool {
        a.field == b.field && a.counts.map(\.value) == b.counts.map(\.value) && a.counts.map(\.count) == b.counts.map(\.count)
    }
}
