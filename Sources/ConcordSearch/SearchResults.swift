/// One page of ranked results plus the total number of matching live documents.
/// `hits` are in the requested order (by default score descending, ties by document id ascending).
public struct SearchResults: Sendable {
    public var total: Int
    public var hits: [SearchHit]
    /// One entry per requested facet, in request order.
    public var facets: [FacetCounts]
    /// Notes for the user (e.g. a prefix expansion that hit its cap).
    public var warnings: [String]
    /// The scored leaves of the query as flat clauses (expansions as their terms), for highlighting.
    public var highlightQuery: Query
    /// Documents counted without being scored because their block's score bound could not enter the
    /// page (tests check that pruning keeps happening).
    var prunedDocuments = 0
    /// Blocks of postings counted from skip data without being decoded (tests check it happens).
    var undecodedBlocks = 0
    /// Documents of scored blocks counted without reading their field lengths, because their
    /// frequencies cannot reach the page even with the block's shortest fields (`PseudoFrequencyCutoff`;
    /// tests check it happens).
    var cutoffDocuments = 0
    /// Terms of ranked ORs counted from their lengths and read only where the other terms have
    /// documents (`DisjunctionCollector.probedTerm`; tests check it happens).
    var probedTerms = 0
    /// Windows of ranked ORs scored whole, without bounds per document, because most of their postings
    /// would have been candidates anyway (`DisjunctionCollector.scoresMostPostings`; tests check both kinds
    /// of window happen).
    var wholeWindows = 0

    public init(total: Int, hits: [SearchHit], facets: [FacetCounts] = [], warnings: [String] = [],
                highlightQuery: Query = Query(clauses: [])) {
        self.total = total
        self.hits = hits
        self.facets = facets
        self.warnings = warnings
        self.highlightQuery = highlightQuery
    }
}
