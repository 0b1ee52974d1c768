/// How a segment's writer encodes new stored-field chunks (`.sto`): the zstd dictionary it compresses
/// them with (empty for none) and the field names its field numbers stand for (number k + 1 is
/// `names[k]`; number 0 is the field `id` holding the document's id, whose bytes live only in the
/// document table).
///
/// Segments written by one `IndexWriter` keep their predecessor's names (appending new ones), so a merge
/// copies their compressed chunks instead of recompressing them: a chunk can be copied into a segment
/// whose names extend the chunk's names, whatever its dictionary (the segment then holds that one too).
struct StoredFieldsEncoding: Equatable, Sendable {
    var dictionary: [UInt8]
    var names: [String]

    static let idName = "id"
}
