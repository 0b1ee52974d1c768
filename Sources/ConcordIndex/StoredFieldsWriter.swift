import ConcordStorage

/// Writes stored fields (`.sto`): documents serialized in order, grouped into chunks of about
/// `chunkSize` bytes, each chunk compressed with zstd, plus a chunk index.
final class StoredFieldsWriter {
    static let format = "concord.stored"
    static let version: UInt32 = IndexFormat.version
    static let chunkSize = 4 * 1024

    private let file: FramedFileWriter
    private let bodyStart: Int
    private var chunk = ByteWriter(capacity: chunkSize * 2)
    private var chunkFirstDoc: UInt32 = 0
    private var documentCount: UInt32 = 0
    private var index: [(firstDoc: UInt32, offset: UInt64)] = []
    private let compressor = Compression.Compressor()

    init(directory: Directory, name: String, identity: FileIdentity) throws {
        file = try FramedFileWriter(directory: directory, name: name, format: Self.format, version: Self.version, identity: identity)
        bodyStart = file.position
    }

    func add(_ fields: [(name: String, value: String)]) throws {
        // Serialized straight into the chunk (its length first), so a huge document is copied once.
        var length = Self.vIntLength(fields.count)
        for field in fields {
            for text in [field.name, field.value] { length += Self.vIntLength(text.utf8.count) + text.utf8.count }
        }
        if length > Self.chunkSize {
            // A large document gets a chunk of its own, allocated once at its size (not grown by doubling).
            try flushChunk()
            chunk = ByteWriter(capacity: length + 16)
        }
        chunk.writeVInt(length)
        chunk.writeVInt(fields.count)
        for field in fields {
            chunk.writeString(field.name)
            chunk.writeString(field.value)
        }
        documentCount += 1
        if chunk.count >= Self.chunkSize { try flushChunk() }
    }

    /// Adds one document's serialized fields (`fieldCount`, then name/value strings).
    /// Bytes `ByteWriter.writeVInt` takes for `value`.
    private static func vIntLength(_ value: Int) -> Int {
        var length = 1, v = UInt64(value)
        while v >= 0x80 { v >>= 7; length += 1 }
        return length
    }

    func addRaw(_ serialized: [UInt8]) throws {
        chunk.writeVInt(serialized.count)
        chunk.writeBytes(serialized)
        documentCount += 1
        if chunk.count >= Self.chunkSize { try flushChunk() }
    }

    private func flushChunk() throws {
        guard chunk.count > 0 else { return }
        index.append((chunkFirstDoc, UInt64(file.position - bodyStart)))
        let compressed = try chunk.bytes.withUnsafeBytes { try compressor.compress($0) }
        try file.write { out in
            out.writeVInt(chunk.count)
            out.writeVInt(compressed.count)
            out.writeBytes(compressed)
        }
        // A chunk grown by one huge document does not keep its memory for the small ones after it.
        if chunk.bytes.capacity > 16 * Self.chunkSize { chunk = ByteWriter(capacity: Self.chunkSize * 2) } else { chunk.removeAll() }
        chunkFirstDoc = documentCount
    }

    /// Appends every document of `source` by copying its compressed chunks as they are.
    func appendChunks(of source: StoredFieldsReader) throws {
        try flushChunk()
        let base = documentCount
        try source.forEachStoredChunk { firstDoc, bytes in
            index.append((base + UInt32(firstDoc), UInt64(file.position - bodyStart)))
            try file.write { $0.writeBytes(bytes) }
        }
        documentCount += UInt32(source.documentCount)
        chunkFirstDoc = documentCount
    }

    func finish() throws -> Int {
        try flushChunk()
        let indexOffset = file.position - bodyStart
        try file.write { out in
            for entry in index {
                out.writeU32(entry.firstDoc)
                out.writeU64(entry.offset)
            }
            out.writeU32(UInt32(index.count))
            out.writeU32(documentCount)
            out.writeU64(UInt64(indexOffset))
        }
        return try file.finish()
    }

    func abandon() { file.abandon() }
}
