/// The indexed text fields of a document, in their on-disk order.
///
/// Every posting carries one term frequency per field, and positions are numbered within each field,
/// so a phrase never spans two fields.
public enum IndexField: Int, CaseIterable, Sendable {
    case title = 0
    case summary = 1
    case body = 2

    public static let count = 3

    public var name: String {
        switch self {
        case .title: return "title"
        case .summary: return "summary"
        case .body: return "body"
        }
    }
}
