import ConcordIngest
import Foundation

extension CorpusIndexer {
    /// The scan time a new manifest can record for `entries` (read from `files`, index for index), given the
    /// corpus was listed at `scanTime`: a later time when every file modified too close to `scanTime` for its
    /// size and time to prove anything (`mayHaveChangedUnseen`) is confirmed again now — same size and time,
    /// same content hash, and modified long enough before now that an edit after this check would change its
    /// time. Else `scanTime` itself.
    ///
    /// Without this, a corpus written just before a long build would have every such file hashed again by the
    /// next run; with it, that run trusts them as it trusts any file whose time is old enough. Costs one pass
    /// over those files' bytes, done only when the run has lasted long enough to make the check conclusive.
    static func confirmedScanTime(_ scanTime: Int64, files: [CorpusFile], entries: [CorpusManifest.Entry],
                                  corpus: Corpus) -> Int64 {
        let recent = entries.indices.filter { mayHaveChangedUnseen(modified: entries[$0].modificationTime, scannedAt: scanTime) }
        guard !recent.isEmpty, files.count == entries.count else { return scanTime }
        let now = Int64(Date().timeIntervalSince1970 * 1e9)
        guard now > scanTime,
              recent.allSatisfy({ !mayHaveChangedUnseen(modified: entries[$0].modificationTime, scannedAt: now) }) else { return scanTime }
        for i in recent {
            let entry = entries[i]
            guard files[i].path == entry.path, let current = corpus.refreshed(files[i]),
                  current.size == entry.size, current.modificationTime == entry.modificationTime,
                  (try? corpus.contentHash(of: current)) == entry.contentHash else { return scanTime }
        }
        return now
    }
}
