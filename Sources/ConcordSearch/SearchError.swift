/// Errors the searcher reports itself (index I/O errors from cursors and segments pass through unchanged).
public enum SearchError: Error, Equatable, CustomStringConvertible {
    /// Pages are 1-based and the page size may not be negative.
    case invalidPaging(page: Int, limit: Int)

    public var description: String {
        switch self {
        case let .invalidPaging(page, limit):
            return "invalid paging (page \(page), limit \(limit)): page must be ≥ 1 and limit ≥ 0"
        }
    }
}
