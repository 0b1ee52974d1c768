import ConcordIndex

extension DateRangeQuery {
    /// The filter of `--from`/`--to` (either may be nil): from the first day of `from` to the last day
    /// of `to`, each a partial ISO date (`1950`, `1950-10`, `1950-10-08`).
    public init(from: String?, to: String?) throws(QueryError) {
        func interval(_ text: String, _ option: String) throws(QueryError) -> DayInterval {
            guard let interval = DayInterval(isoDate: text) else {
                throw QueryError("invalid \(option) date “\(text)”: use YYYY, YYYY-MM or YYYY-MM-DD", at: nil)
            }
            return interval
        }
        let first = try from.map { (text: String) throws(QueryError) -> Int32 in try interval(text, "--from").first }
        let last = try to.map { (text: String) throws(QueryError) -> Int32 in try interval(text, "--to").last }
        if let first, let last, first > last {
            throw QueryError("--from \(from ?? "") is after --to \(to ?? "")", at: nil)
        }
        self.init(first: first, last: last)
    }
}
