/// How a segment's stored fields are encoded (`.sto`): the zstd dictionary its chunks are compressed
/// with (empty for none) and the field names its field numbers stand for (number k + 1 is `names[k]`;
/// number 0 is the field `id` holding the document's id, whose bytes live only in the document table).
///
/// Segments written by one `IndexWriter` share the encoding of its first flushed segment (names may be
/// appended), so a merge copies their compressed chunks instead of recompressing them: a chunk can be
/// copied into a segment whose dictionary is the same and whose names extend the chunk's names.
struct StoredFieldsEncoding: Equatable, Sendable {
    var dictionary: [UInt8]
    var names: [String]

    static let idName = "id"

    /// True when chunks encoded with `other` decode the same under `self`.
    func canHoldChunks(of other: StoredFieldsEncoding) -> Bool {
        dictionary == other.dictionary && names.starts(with: other.names)
    }
}
