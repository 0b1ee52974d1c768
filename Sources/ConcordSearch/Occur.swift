/// How a clause takes part in matching: optional and scored, required and scored, excluded, or
/// required without scoring (a filter such as `date:1972`: it never changes a score).
public enum Occur: String, Sendable, Hashable, Codable {
    case should
    case must
    case mustNot
    case filter
}
