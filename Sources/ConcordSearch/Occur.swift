/// How a clause takes part in matching: optional and scored, required and scored, or excluded.
public enum Occur: String, Sendable, Hashable, Codable {
    case should
    case must
    case mustNot
}
