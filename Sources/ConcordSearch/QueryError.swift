/// A query that cannot be run as typed: unbalanced parentheses, an unknown field, an invalid date,
/// a dangling operator… `position` is the offset, in Unicode scalars, of the offending text in the
/// query (nil when the error is not in the query text, e.g. a bad `--from` date).
public struct QueryError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var position: Int?

    public init(_ message: String, at position: Int?) {
        self.message = message
        self.position = position
    }

    public var description: String {
        position.map { "\(message) (at character \($0 + 1))" } ?? message
    }
}
