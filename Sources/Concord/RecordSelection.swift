/// Which records of one corpus file an indexing run adds: a few named ones (an update), or all but a
/// few (a build from nothing, where only records replaced by a later duplicate are left out).
enum RecordSelection {
    case only(Set<Int>)
    case allExcept(Set<Int>)

    func contains(_ record: Int) -> Bool {
        switch self {
        case let .only(records): return records.contains(record)
        case let .allExcept(records): return !records.contains(record)
        }
    }

    /// How many records it selects of a file with `total` records.
    func count(of total: Int) -> Int {
        switch self {
        case let .only(records): return records.count
        case let .allExcept(records): return total - records.count
        }
    }
}
