import ConcordStorage

/// Reads stored fields by document number, decompressing one chunk at a time (the last chunk is cached).
///
/// Opening checks the trailer only; the chunk index is validated in full by `validateChunkIndex`
/// (full verification), and a damaged entry met by a read gives `StorageError.corrupt`, never a trap.
final class StoredFieldsReader {
    let file: FramedFile
    let documentCount: Int
    private let chunkCount: Int
    private let indexOffset: Int
    private var cachedChunk: Int = -1
    private var cachedBytes: [UInt8] = []
    private let decompressor = Compression.Decompressor()

    init(directory: Directory, name: String, expectedDocuments: Int, identity: FileIdentity, verifyChecksum: Bool) throws {
        file = try FramedFile(directory: directory, name: name, format: StoredFieldsWriter.format,
                              versions: IndexFormat.readableVersions, identity: identity, verifyChecksum: verifyChecksum)
        let trailer = try IndexTrailer(file, entrySize: 12) { chunks, _ in chunks }
        chunkCount = trailer.first
        documentCount = trailer.second
        guard documentCount == expectedDocuments else {
            throw file.reader().corrupt("holds \(documentCount) documents, the segment has \(expectedDocuments)")
        }
        indexOffset = trailer.indexOffset
        guard (chunkCount == 0) == (documentCount == 0), chunkCount <= documentCount else {
            throw file.reader().corrupt("\(chunkCount) chunks cannot hold \(documentCount) documents")
        }
        // Opening reads O(1); searches range-check the entries they use (see `withSerializedDocument`).
        if verifyChecksum { try validateChunkIndex() }
    }

    /// Checks that the chunk index starts at document 0 and ascends, both in documents and in offsets
    /// (O(chunks): full verification only).
    func validateChunkIndex() throws {
        var previous: (firstDoc: Int, offset: Int)?
        for i in 0..<chunkCount {
            let entry = try chunkEntry(i)
            let ordered = previous.map { entry.firstDoc > $0.firstDoc && entry.offset > $0.offset } ?? (entry.firstDoc == 0)
            guard ordered, entry.firstDoc < max(documentCount, 1) else {
                throw StorageError.corrupt(file: file.name, reason: "stored chunk index out of order at chunk \(i)")
            }
            previous = entry
        }
    }

    /// Each chunk's first document and its bytes as stored (lengths and zstd frame), for merges that
    /// copy chunks without recompressing them. Chunks are checked to be contiguous and in order, and
    /// each to be exactly its two lengths and a zstd frame recording the first (header checks only: the
    /// frame is not decompressed).
    func forEachStoredChunk(_ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
        var previousEnd = 0
        for i in 0..<chunkCount {
            let entry = try chunkEntry(i)
            let end = i + 1 < chunkCount ? try chunkEntry(i + 1).offset : indexOffset
            guard entry.offset == previousEnd, entry.offset <= end else {
                throw StorageError.corrupt(file: file.name, reason: "stored chunk \(i) is out of place")
            }
            previousEnd = end
            let bytes = UnsafeRawBufferPointer(rebasing: file.body[entry.offset..<end])
            var reader = ByteReader(bytes, file: file.name)
            let size = try reader.readVInt(max: 1 << 30)
            let compressedSize = try reader.readVInt(max: reader.remaining)
            guard compressedSize == reader.remaining else { throw reader.corrupt("stored chunk \(i) is not its recorded length") }
            try Compression.Decompressor.checkFrameSize(try reader.readBytes(compressedSize), expectedSize: size, file: file.name)
            try body(entry.firstDoc, bytes)
        }
    }

    /// Verifies every chunk (for `IndexChecker`): chunks are contiguous and fill the body up to the
    /// chunk index; each decompresses to its recorded size and holds exactly the documents the index
    /// assigns it, each document exactly filled by its fields (valid UTF-8 names and values).
    func verifyChunks() throws {
        var i = 0
        try forEachStoredChunk { firstDoc, bytes in
            let nextFirst = i + 1 < chunkCount ? try chunkEntry(i + 1).firstDoc : documentCount
            i += 1
            var reader = ByteReader(bytes, file: file.name)
            let size = try reader.readVInt(max: 1 << 30)
            let compressedSize = try reader.readVInt(max: reader.remaining)
            let compressed = try reader.readBytes(compressedSize)
            guard reader.isAtEnd else { throw reader.corrupt("bytes after stored chunk \(i - 1)") }
            try Compression.Decompressor.checkFrameSize(compressed, expectedSize: size, file: file.name)
            let raw = try decompressor.decompress(compressed, expectedSize: size, file: file.name)
            try raw.withUnsafeBytes { buffer in
                var documents = ByteReader(buffer, file: file.name)
                for _ in firstDoc..<nextFirst {
                    let length = try documents.readVInt(max: documents.remaining)
                    var fields = ByteReader(try documents.readBytes(length), file: file.name)
                    let count = try fields.readVInt(max: 1 << 16)
                    for _ in 0..<(2 * count) { _ = try fields.readString() }
                    guard fields.isAtEnd else { throw fields.corrupt("a stored document is longer than its fields") }
                }
                guard documents.isAtEnd else { throw documents.corrupt("stored chunk \(i - 1) holds more documents than its index says") }
            }
        }
        cachedChunk = -1
    }

    private func chunkEntry(_ i: Int) throws -> (firstDoc: Int, offset: Int) {
        var reader = file.reader()
        reader.offset = indexOffset + 12 * i
        let first = Int(try reader.readU32())
        let offset = try reader.readU64(max: Int.max >> 1)
        guard offset < indexOffset else { throw reader.corrupt("chunk offset out of range") }
        return (first, offset)
    }

    /// The stored fields of `doc`, in the order they were written.
    func document(_ doc: Int) throws -> [(name: String, value: String)] {
        try withSerializedDocument(doc) { bytes in
            var reader = ByteReader(bytes, file: file.name)
            let count = try reader.readVInt(max: 1 << 16)
            var fields: [(name: String, value: String)] = []
            fields.reserveCapacity(count)
            for _ in 0..<count {
                let name = try reader.readString()
                let value = try reader.readString()
                fields.append((name, value))
            }
            return fields
        }
    }

    /// The serialized fields of `doc`, exactly as `StoredFieldsWriter.addRaw` takes them.
    func rawDocument(_ doc: Int) throws -> [UInt8] {
        try withSerializedDocument(doc) { Array($0) }
    }

    /// Calls `body` with the serialized bytes of `doc`, decompressing its chunk unless it is cached.
    private func withSerializedDocument<T>(_ doc: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        guard doc >= 0, doc < documentCount else {
            throw StorageError.corrupt(file: file.name, reason: "document \(doc) out of range")
        }
        // Last chunk whose first document <= doc.
        var low = 0
        var high = chunkCount - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if try chunkEntry(mid).firstDoc <= doc { low = mid } else { high = mid - 1 }
        }
        let entry = try chunkEntry(low)
        guard entry.firstDoc <= doc else {
            throw StorageError.corrupt(file: file.name, reason: "no stored chunk holds document \(doc)")
        }
        if cachedChunk != low {
            var reader = file.reader()
            reader.offset = entry.offset
            let size = try reader.readVInt(max: 1 << 30)
            let compressedSize = try reader.readVInt(max: reader.remaining)
            let compressed = try reader.readBytes(compressedSize)
            try Compression.Decompressor.checkFrameSize(compressed, expectedSize: size, file: file.name)
            cachedChunk = -1
            cachedBytes.removeAll(keepingCapacity: true)
            cachedBytes.append(contentsOf: repeatElement(0, count: size))
            try decompressor.decompress(compressed, into: &cachedBytes, file: file.name)
            cachedChunk = low
        }
        return try cachedBytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw, file: file.name)
            for _ in entry.firstDoc..<doc {
                try reader.skip(try reader.readVInt(max: reader.remaining))
            }
            let length = try reader.readVInt(max: reader.remaining)
            return try body(try reader.readBytes(length))
        }
    }
}
