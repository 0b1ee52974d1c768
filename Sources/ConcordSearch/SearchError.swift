/// Errors the searcher reports itself (index I/O errors from cursors and segments pass through unchanged).
public enum SearchError: Error, Equatable, CustomStringConvertible {
    /// Pages are 1-based and the page size may not be negative.
    case invalidPaging(page: Int, limit: Int)
    /// The query text is longer than `Query.maximumTextBytes`.
    case queryTooLong(bytes: Int, limit: Int)
    /// The analyzed query has more terms (phrase words counted one by one) than `Query.maximumTermCount`.
    case tooManyTerms(count: Int, limit: Int)
    /// The query has more fuzzy terms (`word~`) than `Query.maximumFuzzyTermCount`.
    case tooManyFuzzyTerms(count: Int, limit: Int)

    public var description: String {
        switch self {
        case let .invalidPaging(page, limit):
            return "invalid paging (page \(page), limit \(limit)): page must be ≥ 1 and limit ≥ 0"
        case let .queryTooLong(bytes, limit):
            return "the query is \(bytes) bytes long; queries may be at most \(limit) bytes"
        case let .tooManyTerms(count, limit):
            return "the query has \(count) terms; queries may have at most \(limit) (words of phrases included)"
        case let .tooManyFuzzyTerms(count, limit):
            return "the query has \(count) fuzzy terms (word~); queries may have at most \(limit)"
        }
    }
}
