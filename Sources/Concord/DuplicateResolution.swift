import ConcordIngest

/// Decides which record wins for every id of the corpus: the last one in path order, then line order,
/// as a full read does; every record that loses gives a warning naming both places.
///
/// Works from ids and lines alone, so files that did not change need not be read again.
struct DuplicateResolution {
    struct Location: Equatable {
        var entry: Int
        var record: Int
    }

    private(set) var winners: [String: Location] = [:]
    private(set) var warnings: [CorpusDiagnostic] = []

    init(_ entries: [CorpusManifest.Entry]) {
        winners.reserveCapacity(entries.reduce(0) { $0 + $1.records.count })
        for (e, entry) in entries.enumerated() {
            for (r, record) in entry.records.enumerated() {
                if let previous = winners[record.id] {
                    let old = entries[previous.entry]
                    let oldLine = old.records[previous.record].line
                    let place = oldLine.map { "\(old.path):\($0)" } ?? old.path
                    warnings.append(CorpusDiagnostic(severity: .warning, file: entry.path, line: record.line,
                                                     message: "duplicate id \"\(record.id)\" replaces the record at \(place)"))
                }
                winners[record.id] = Location(entry: e, record: r)
            }
        }
    }
}
