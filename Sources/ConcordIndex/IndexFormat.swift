/// The version of the index format (FORMAT.md) this build writes and the versions it reads.
///
/// Version 2 added segment identities to every file header and the commit, and the file length to
/// every footer; version 3 compresses stored fields with a per-segment zstd dictionary, numbers their
/// names, keeps ids once (front-coded in the document table) and drops an all-undated date column;
/// version 4 keeps each postings block's largest BM25F pseudo-frequency in its skip entry (and the
/// parameters it was computed with at the end of `.doc`), for tighter block score bounds; version 5
/// lets a `.sto` hold several dictionaries (runs of chunks name theirs), so each segment trains its own
/// and merges copy chunks of any dictionary; version 6 packs the document gaps of full postings blocks
/// with exceptions (`BitPacking.packPatched`): a few large gaps no longer widen the whole block; and a
/// tail document whose fields all have frequency 1 stores no frequencies; and skip entries are bit-packed
/// at per-term widths (`SkipTable`); version 7 writes stored-field chunks as magicless zstd frames
/// (their headers record the uncompressed size) with a bit-packed chunk index (`StoredChunkIndex`),
/// bit-packs the document table's field lengths at their exact widths, front-codes ids in blocks of 32,
/// gives a term entry's prefix and suffix lengths one varint, and packs each term's positions in runs of
/// 128 values with exceptions (`PositionRuns`), skip entries naming where each block's positions start;
/// version 8 keeps a document's three field lengths side by side in the document table, so scoring reads
/// them with one memory access instead of three.
/// Files of older versions are refused with `StorageError.unsupportedVersion`, which the pipeline
/// answers by rebuilding the index from its corpus.
public enum IndexFormat {
    /// The version written into every file's header.
    public static let version: UInt32 = 8
    /// The versions readers accept.
    public static let readableVersions: ClosedRange<UInt32> = 8...8
}
