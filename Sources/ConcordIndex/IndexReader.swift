import ConcordStorage

/// A consistent, read-only view of the index as of one commit.
///
/// Opening picks the newest commit; if a file it names disappears meanwhile (a writer committed again
/// and cleaned up), opening retries with the newer commit. Every file's header and footer are checked
/// on open (and its CRC-32 too with `verifyChecksums`; see `SegmentReader`).
/// The view never changes afterwards, whatever writers do (files are memory-mapped and never modified).
public final class IndexReader {
    public let commit: Commit
    public let segments: [SegmentReader]
    /// N: live documents over all segments.
    public let liveDocumentCount: Int
    private let liveFieldLengths: [Int]

    /// With `storedChunkCacheBytes`, the segments keep decompressed stored-field chunks for later reads,
    /// the budget shared out in proportion to their stored-field bytes (see `SegmentReader.storedChunkCacheBudget`).
    public init(directory: Directory, verifyChecksums: Bool = false, storedChunkCacheBytes: Int = 0) throws {
        var attempts = 0
        while true {
            guard let generation = try Commit.generations(in: directory).last else {
                throw IndexError.noIndex(path: directory.path)
            }
            do {
                let commit = try Commit.read(from: directory, generation: generation)
                guard !commit.isOutdated else {
                    throw IndexError.outdatedFormat(path: directory.path, version: Int(commit.formatVersion))
                }
                let segments = try commit.segments.map {
                    try SegmentReader(directory: directory, info: $0, verifyChecksums: verifyChecksums)
                }
                self.commit = commit
                self.segments = segments
                break
            } catch StorageError.notFound(let file) {
                attempts += 1
                let newest = try Commit.generations(in: directory).last ?? generation
                if newest == generation || attempts > 16 { throw StorageError.notFound(file: file) }
            }
        }
        if storedChunkCacheBytes > 0 {
            let storedBytes = segments.map(\.storedByteCount)
            let all = max(storedBytes.reduce(0, +), 1)
            for (segment, bytes) in zip(segments, storedBytes) {
                segment.storedChunkCacheBudget = Int(Double(storedChunkCacheBytes) * Double(bytes) / Double(all))
            }
        }
        liveDocumentCount = segments.reduce(0) { $0 + $1.liveCount }
        var totals = [0, 0, 0]
        for segment in segments {
            for f in 0..<IndexField.count { totals[f] += segment.liveFieldLengths[f] }
        }
        liveFieldLengths = totals
    }

    /// Sum of `field`'s lengths over live documents.
    public func totalFieldLength(field: Int) -> Int { liveFieldLengths[field] }

    /// Live documents containing `term` in any field, over all segments.
    public func liveDocumentFrequency(_ term: String) throws -> Int {
        try segments.reduce(0) { $0 + (try $1.liveDocumentFrequency(term)) }
    }

    /// Bytes of all files of the commit.
    public var byteCount: Int { segments.reduce(0) { $0 + $1.byteCount } }
}
