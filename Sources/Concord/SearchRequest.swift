/// Everything one search asks for: the query text and how to page, order, filter and summarize its hits.
///
/// The same value drives the CLI (`concord search`), the server (`/api/search`) and library callers,
/// so equal requests give equal responses.
public struct SearchRequest: Sendable, Equatable {
    /// Query text in Concord's query language (see the README); "" or "*" matches every document.
    public var query: String
    /// 1-based page number.
    public var page: Int
    /// Hits per page (0 only counts).
    public var limit: Int
    public var sort: SearchSort
    /// Date filter bounds as typed (`1950`, `1950-10`, `1950-10-08`); inclusive partial dates: a record
    /// matches when its date interval overlaps `[from, to]`. Undated records never match a date filter.
    public var from: String?
    public var to: String?
    /// Facets to count over all hits (not only the page).
    public var facets: [FacetKind]
    public var explain: Bool
    /// False returns empty snippets (for callers that need only the ranking).
    public var snippets: Bool
    /// False never suggests a respelling: `SearchResponse.suggestion` stays nil, and a query with few hits
    /// skips the dictionary walks that look for one (a scripted caller that shows no "did you mean").
    public var suggestions: Bool

    public init(query: String, page: Int = 1, limit: Int = 10, sort: SearchSort = .relevance,
                from: String? = nil, to: String? = nil, facets: [FacetKind] = [],
                explain: Bool = false, snippets: Bool = true, suggestions: Bool = true) {
        self.query = query
        self.page = page
        self.limit = limit
        self.sort = sort
        self.from = from
        self.to = to
        self.facets = facets
        self.explain = explain
        self.snippets = snippets
        self.suggestions = suggestions
    }
}

/// Result order. Under every order, ties are broken by score (higher first), then id.
public enum SearchSort: String, Sendable, Equatable, CaseIterable {
    /// Highest BM25F score first (the default).
    case relevance
    /// Oldest first (`--sort date`); undated records last.
    case dateAscending = "date"
    /// Newest first (`--sort -date`); undated records last.
    case dateDescending = "-date"
}

/// What a facet counts hits by.
public enum FacetKind: Sendable, Equatable, Hashable {
    case year
    case decade
    /// An exact-match metadata field such as "collection".
    case field(String)

    /// `year`, `decade` or the field's name (as typed after `--facet` and used as the key in JSON).
    public var name: String {
        switch self {
        case .year: return "year"
        case .decade: return "decade"
        case .field(let name): return name
        }
    }

    public init(name: String) {
        switch name {
        case "year": self = .year
        case "decade": self = .decade
        default: self = .field(name)
        }
    }
}

/// Exact hit counts per value of one facet, over all hits of the query.
public struct FacetResult: Sendable, Equatable {
    public struct Count: Sendable, Equatable {
        /// `1972` for a year, `1970s`… for a decade, the field value otherwise.
        public var value: String
        public var count: Int
        public init(value: String, count: Int) {
            self.value = value
            self.count = count
        }
    }

    public var kind: FacetKind
    /// Years and decades in chronological order; field values by count descending, then value.
    public var counts: [Count]

    public init(kind: FacetKind, counts: [Count]) {
        self.kind = kind
        self.counts = counts
    }
}
