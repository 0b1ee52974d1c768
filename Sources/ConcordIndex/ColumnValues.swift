/// The per-document values a segment keeps in its column file (`.col`): the date interval and the
/// keyword (metadata) fields. Used while writing; reading goes through `SegmentColumns`.
struct ColumnValues: Sendable {
    var date: DayInterval?
    var keywords: [String: String]

    init(date: DayInterval? = nil, keywords: [String: String] = [:]) {
        self.date = date
        self.keywords = keywords
    }
}
