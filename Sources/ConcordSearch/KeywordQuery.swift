/// Documents whose keyword (metadata) field `field` equals `value` exactly, as written in the corpus
/// (`collection:frus`). A filter: it never changes scores. `position` is where the field name starts
/// in the query text, for the error when the index has no such field.
public struct KeywordQuery: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var value: String
    public var position: Int

    public init(field: String, value: String, position: Int = 0) {
        self.field = field
        self.value = value
        self.position = position
    }

    public var description: String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0 != "\"" && $0 != ")" && $0 != "(" }
        return field + ":" + (plain ? value : "\"" + value + "\"")
    }
}
