import ConcordIndex
import ConcordIngest

/// Decides which record wins for each id of the corpus: the last one in path order, then line order,
/// as a full read does; every record that loses gives a warning naming both places.
///
/// Works from ids and lines alone, so files that did not change need not be read again. Given the
/// previous resolution and the ids that occur in changed, new or removed files (`candidates`), only
/// those ids are resolved again: every other id keeps its winner and its warnings. (With an empty
/// previous resolution, as for a first build or a rebuild, every id is a candidate.)
struct DuplicateResolution {
    struct Location: Equatable {
        var entry: Int
        var record: Int
    }

    /// A duplicate-id warning and the id it concerns.
    struct Warning: Equatable {
        var id: String
        var diagnostic: CorpusDiagnostic
    }

    /// Winners of the resolved ids (the candidates).
    private(set) var winners: [String: Location] = [:]
    /// All duplicate warnings of the corpus, ordered by file and line.
    private(set) var warnings: [Warning] = []
    /// Distinct ids in the corpus.
    private(set) var documentCount = 0

    /// Resolves only `candidates`, starting from the resolution recorded in `previous`, whose candidate
    /// ids' presence is given by `previouslyPresent`.
    init(_ entries: [CorpusManifest.Entry], candidates: Set<String>, previous: CorpusManifest, previouslyPresent: Int) {
        let candidateHashes = IDHashFilter(candidates.lazy.map(CorpusManifest.RecordList.idHash(of:)))
        for e in entries.indices {
            let records = entries[e].records
            for r in records.indices where candidateHashes.mayContain(records.idHash(at: r)) && candidates.contains(records[r].id) {
                guard let loser = winners.updateValue(Location(entry: e, record: r), forKey: records[r].id) else { continue }
                warnings.append(Self.warning(entries, loser: loser, winner: Location(entry: e, record: r)))
            }
        }
        warnings += previous.duplicateWarnings.filter { !candidates.contains($0.id) }
        warnings.sort(by: Self.order)
        documentCount = previous.documentCount - previouslyPresent + winners.count
    }

    static func warning(_ entries: [CorpusManifest.Entry], loser: Location, winner: Location) -> Warning {
        let oldPath = entries[loser.entry].path
        let place = entries[loser.entry].records[loser.record].line.map { "\(oldPath):\($0)" } ?? oldPath
        let record = entries[winner.entry].records[winner.record]
        return Warning(id: record.id, diagnostic: CorpusDiagnostic(
            severity: .warning, file: entries[winner.entry].path, line: record.line,
            message: "duplicate id \"\(record.id)\" replaces the record at \(place)"))
    }

    static func order(_ a: Warning, _ b: Warning) -> Bool {
        (a.diagnostic.file, a.diagnostic.line ?? 0, a.id) < (b.diagnostic.file, b.diagnostic.line ?? 0, b.id)
    }
}
