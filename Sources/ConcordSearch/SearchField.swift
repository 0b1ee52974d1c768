/// The indexed fields, by their field number in postings and lengths.
public enum SearchField: Int, CaseIterable, Sendable, Codable {
    case title = 0
    case summary = 1
    case body = 2

    /// The stored-field key holding this field's text.
    public var storedKey: String {
        switch self {
        case .title: return "title"
        case .summary: return "summary"
        case .body: return "body"
        }
    }

    /// Number of indexed fields.
    public static let count = 3
}
