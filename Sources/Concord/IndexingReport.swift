import ConcordIngest

/// What one indexing run did: document counts by kind of change, the diagnostics of the corpus
/// (including those of unchanged files, so problems never go quiet), and how long it took.
public struct IndexingReport: Sendable {
    public var added = 0
    public var changed = 0
    public var removed = 0
    public var unchanged = 0
    public var diagnostics: [CorpusDiagnostic] = []
    public var seconds: Double = 0
    /// Whether a new commit was written.
    public var committed = false
    /// Live documents in the index after the run.
    public var documentCount = 0
    /// The format version of an older index this run replaced by a full rebuild, nil when none was.
    public var rebuiltFromFormatVersion: Int?
    /// Record lists of the previous manifest this run read from the index (for tests: a run that only
    /// adds files reads none, see `CorpusIndexer.mayOccurInUnchangedFiles`).
    var recordListsRead = 0

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }

    /// One-line summary: `+12 new, 3 changed, 1 removed, 98,211 unchanged · 0.41 s`.
    public var summary: String {
        "+\(grouped(added)) new, \(grouped(changed)) changed, \(grouped(removed)) removed, \(grouped(unchanged)) unchanged · "
            + String(format: "%.2f s", seconds)
    }
}

func grouped(_ n: Int) -> String {
    let digits = String(n)
    var out = ""
    for (i, c) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
        out.append(c)
    }
    return out
}

import Foundation
