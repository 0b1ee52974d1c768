/// One record of the fixture corpus as the corpus format documentation says it must be read: where it is
/// (`path` or `path:line`, the same text as a result's "source"), its id when the fixture states one, and
/// the three indexed fields.
struct FixtureDocument: Sendable, Equatable {
    var location: String
    var id: String?
    var title: String
    var summary: String
    var body: String
    /// ISO form of the date (`1950-10-08`, `1956-11`, `1971`), or nil.
    var isoDate: String?

    /// The text fields in index order: title, summary, body.
    var fields: [String] { [title, summary, body] }

    /// The date as an archive listing shows it: `October 8, 1950`, `November 1956` or `1971`.
    var displayDate: String? {
        guard let isoDate else { return nil }
        let parts = isoDate.split(separator: "-").compactMap { Int($0) }
        guard let year = parts.first else { return nil }
        guard parts.count >= 2, (1...12).contains(parts[1]) else { return String(year) }
        let month = FixtureCorpus.monthNames[parts[1] - 1]
        guard parts.count == 3 else { return "\(month) \(year)" }
        return "\(month) \(parts[2]), \(year)"
    }
}
