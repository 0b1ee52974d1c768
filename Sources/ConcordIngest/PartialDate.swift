/// A calendar date known to the year, the month or the day. PLACEHOLDER API; parsing comes with Ingest.
public struct PartialDate: Equatable, Hashable, Sendable {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }
}
