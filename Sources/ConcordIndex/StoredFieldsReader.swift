import ConcordStorage

/// Reads stored fields by document number, decompressing one chunk at a time with the segment's
/// dictionary (digested on first use; the decompression context is kept, and decompressed chunks in a
/// `StoredChunkCache` bounded by `chunkCacheBudget`: at least the last chunk read).
///
/// Opening reads only the trailer and the field names (the dictionary is digested, and the
/// decompression context made, on the first read); each lookup
/// checks the chunk-index entries it uses, so damage gives `StorageError.corrupt`, never a trap.
final class StoredFieldsReader {
    let file: FramedFile
    let documentCount: Int
    /// The encoding's field names (its dictionary stays in the file until `encoding` is asked for).
    private let names: [String]
    /// The dictionary and field names (the dictionary copied out of the file: for writers, not searches).
    var encoding: StoredFieldsEncoding {
        StoredFieldsEncoding(dictionary: Array(UnsafeRawBufferPointer(rebasing: file.body[dictionaryRange])), names: names)
    }
    /// `id` (number 0, the document table's id), then the encoding's names (number k + 1 is `encoding.names[k]`).
    let fieldNames: [String]
    let chunkCount: Int
    private let indexOffset: Int
    /// Where the chunks end and the encoding starts.
    private let chunksEnd: Int
    private let dictionaryRange: Range<Int>
    private var digestedDictionary: Compression.DecompressionDictionary?
    /// Decompressed chunks kept for later reads (the last one at least).
    private var cache = StoredChunkCache(byteBudget: 0)
    /// The chunk read last and the documents it holds (-1 before any read).
    private var lastChunk = -1
    private var lastChunkDocs = 0..<0
    /// Made on the first chunk read (opening a segment whose stored fields no hit reads costs nothing).
    private lazy var decompressor = Compression.Decompressor()

    init(directory: Directory, name: String, expectedDocuments: Int, identity: FileIdentity, verifyChecksum: Bool) throws {
        file = try FramedFile(directory: directory, name: name, format: StoredFieldsWriter.format,
                              versions: IndexFormat.readableVersions, identity: identity, verifyChecksum: verifyChecksum)
        let trailer = try IndexTrailer(file, entrySize: 12) { chunks, _ in chunks + 1 }
        chunkCount = trailer.first
        documentCount = trailer.second
        guard documentCount == expectedDocuments else {
            throw file.reader().corrupt("holds \(documentCount) documents, the segment has \(expectedDocuments)")
        }
        indexOffset = trailer.indexOffset
        guard (chunkCount == 0) == (documentCount == 0), chunkCount <= documentCount else {
            throw file.reader().corrupt("\(chunkCount) chunks cannot hold \(documentCount) documents")
        }
        // The closing entry: every document, and the end of the chunks (where the encoding starts).
        var closing = file.reader()
        closing.offset = indexOffset + 12 * chunkCount
        guard Int(try closing.readU32()) == documentCount else { throw closing.corrupt("the chunk index does not end at the document count") }
        chunksEnd = try closing.readU64(max: indexOffset)
        var reader = file.reader()
        reader.offset = chunksEnd
        let dictionaryLength = try reader.readVInt(max: indexOffset - reader.offset)
        dictionaryRange = reader.offset..<(reader.offset + dictionaryLength)
        try reader.skip(dictionaryLength)
        let nameCount = try reader.readVInt(max: indexOffset - reader.offset)
        var names: [String] = []
        names.reserveCapacity(nameCount)
        for _ in 0..<nameCount { names.append(try reader.readString()) }
        guard reader.offset == indexOffset else { throw reader.corrupt("the stored-field encoding does not end at the chunk index") }
        self.names = names
        fieldNames = [StoredFieldsEncoding.idName] + names
    }

    /// Entry `i` of the chunk index (`i == chunkCount` is the closing entry), its offset inside the chunks.
    /// The index lies inside the body (the trailer was checked to describe it), so only the offset's
    /// value needs checking.
    private func chunkEntry(_ i: Int) throws -> (firstDoc: Int, offset: Int) {
        guard i >= 0, i <= chunkCount else { throw StorageError.corrupt(file: file.name, reason: "stored chunk \(i) out of range") }
        let at = indexOffset + 12 * i
        let first = Int(UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
        let offset = UInt64(littleEndian: file.body.loadUnaligned(fromByteOffset: at + 4, as: UInt64.self))
        guard offset <= UInt64(chunksEnd) else {
            throw StorageError.corrupt(file: file.name, reason: "stored chunk \(i) starts past the chunks")
        }
        return (first, Int(offset))
    }

    /// Chunk `i`'s first document, the document after its last, and its bytes (size and zstd frame),
    /// checked to be in order with the next entry.
    private func chunk(_ i: Int) throws -> (firstDoc: Int, endDoc: Int, bytes: UnsafeRawBufferPointer) {
        let entry = try chunkEntry(i)
        let next = try chunkEntry(i + 1)
        guard entry.firstDoc < next.firstDoc, entry.offset < next.offset, i > 0 || (entry.firstDoc == 0 && entry.offset == 0) else {
            throw StorageError.corrupt(file: file.name, reason: "stored chunk index out of order at chunk \(i)")
        }
        return (entry.firstDoc, next.firstDoc, UnsafeRawBufferPointer(rebasing: file.body[entry.offset..<next.offset]))
    }

    private func dictionary() throws -> Compression.DecompressionDictionary? {
        if dictionaryRange.isEmpty { return nil }
        if let digestedDictionary { return digestedDictionary }
        let digested = try Compression.DecompressionDictionary(UnsafeRawBufferPointer(rebasing: file.body[dictionaryRange]), file: file.name)
        digestedDictionary = digested
        return digested
    }

    /// Each chunk's first document and its bytes as stored (size and zstd frame), for merges that copy
    /// chunks without recompressing them. The chunk index is checked to ascend from the first chunk to
    /// the closing entry, and each frame to record the size its chunk header gives (header checks only:
    /// the frame is not decompressed).
    func forEachStoredChunk(_ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
        for i in 0..<chunkCount {
            let chunk = try chunk(i)
            var reader = ByteReader(chunk.bytes, file: file.name)
            let size = try reader.readVInt(max: 1 << 30)
            try Compression.Decompressor.checkFrameSize(try reader.readBytes(reader.remaining), expectedSize: size, file: file.name)
            try body(chunk.firstDoc, chunk.bytes)
        }
        if chunkCount > 0, try chunkEntry(chunkCount).offset != chunksEnd {
            throw StorageError.corrupt(file: file.name, reason: "the last stored chunk does not end where the encoding starts")
        }
    }

    /// Verifies every chunk (for `IndexChecker`): the dictionary is a zstd dictionary; field names are
    /// distinct; chunks are contiguous and fill the body up to the encoding; each
    /// decompresses to its recorded size and holds exactly the documents the index assigns it, each
    /// document exactly filled by its fields (known name numbers, valid UTF-8 values).
    func verifyChunks() throws {
        if !dictionaryRange.isEmpty {
            guard Compression.DecompressionDictionary.isTrainedDictionary(UnsafeRawBufferPointer(rebasing: file.body[dictionaryRange])) else {
                throw StorageError.corrupt(file: file.name, reason: "the stored-field dictionary is not a zstd dictionary")
            }
        }
        guard Set(names).count == names.count else {
            throw StorageError.corrupt(file: file.name, reason: "stored field names repeat")
        }
        var i = 0
        try forEachStoredChunk { firstDoc, _ in
            let endDoc = try chunk(i).endDoc
            try chunkBytes(i).withUnsafeBytes { buffer in
                var documents = ByteReader(buffer, file: file.name)
                for _ in firstDoc..<endDoc {
                    let length = try documents.readVInt(max: documents.remaining)
                    var fields = ByteReader(try documents.readBytes(length), file: file.name)
                    let count = try fields.readVInt(max: 1 << 16)
                    for _ in 0..<count {
                        if try readNameNumber(&fields) > 0 { _ = try fields.readString() }
                    }
                    guard fields.isAtEnd else { throw fields.corrupt("a stored document is longer than its fields") }
                }
                guard documents.isAtEnd else { throw documents.corrupt("stored chunk \(i) holds more documents than its index says") }
            }
            i += 1
        }
    }

    /// A field's name number, checked to name one of the segment's fields.
    private func readNameNumber(_ reader: inout ByteReader) throws -> Int {
        let number = try reader.readVInt()
        guard number < UInt64(fieldNames.count) else { throw reader.corrupt("stored field number \(number) names no field") }
        return Int(number)
    }

    /// Decompressed bytes of chunks this reader may keep for later reads beyond the last one (0: only the
    /// last chunk read is kept). Lowering it evicts at once.
    var chunkCacheBudget: Int {
        get { cache.byteBudget }
        set { cache.byteBudget = max(newValue, 0) }
    }

    /// Chunk reads answered without decompressing, chunk reads that decompressed, and chunks kept now
    /// (for tests and statistics).
    var chunkCacheStatistics: (hits: Int, misses: Int, chunks: Int, bytes: Int) {
        (cache.hits, cache.misses, cache.count, cache.byteCount)
    }

    /// Chunk `i` decompressed (kept in the cache for later calls; the array is shared, not copied).
    private func chunkBytes(_ i: Int) throws -> [UInt8] {
        let slot: Int
        if let held = cache.slot(of: i) {
            slot = held
        } else {
            let chunk = try chunk(i)
            var reader = ByteReader(chunk.bytes, file: file.name)
            let size = try reader.readVInt(max: 1 << 30)
            let compressed = try reader.readBytes(reader.remaining)
            try Compression.Decompressor.checkFrameSize(compressed, expectedSize: size, file: file.name)
            let dictionary = try dictionary()
            let bytes = try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                try decompressor.decompress(compressed, into: UnsafeMutableRawBufferPointer(buffer), dictionary: dictionary, file: file.name)
                count = size
            }
            slot = cache.insert(chunk: i, firstDoc: chunk.firstDoc, bytes: bytes)
        }
        return cache.entry(slot).bytes
    }

    /// The chunk holding `doc`: the last whose first document is at most `doc`.
    private func chunkIndex(of doc: Int) throws -> Int {
        guard doc >= 0, doc < documentCount else {
            throw StorageError.corrupt(file: file.name, reason: "document \(doc) out of range")
        }
        if lastChunkDocs.contains(doc) { return lastChunk }
        var low = 0
        var high = chunkCount - 1
        // Entry i's first document is its first 4 bytes (the index lies inside the body, see `chunkEntry`).
        while low < high {
            let mid = (low + high + 1) / 2
            let first = UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: indexOffset + 12 * mid, as: UInt32.self))
            if Int(first) <= doc { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// `doc`'s chunk, decompressed, and where `doc`'s serialized fields (`fieldCount`, then per field its
    /// name's number and, unless it is 0, its value) lie in it.
    private func serializedDocument(_ doc: Int) throws -> (chunk: [UInt8], range: Range<Int>) {
        let i = try chunkIndex(of: doc)
        let chunk = try chunk(i)
        guard chunk.firstDoc <= doc, doc < chunk.endDoc else {
            throw StorageError.corrupt(file: file.name, reason: "no stored chunk holds document \(doc)")
        }
        lastChunk = i
        lastChunkDocs = chunk.firstDoc..<chunk.endDoc
        let bytes = try chunkBytes(i)
        let range = try bytes.withUnsafeBytes { raw in
            var reader = ByteReader(raw, file: file.name)
            for _ in chunk.firstDoc..<doc {
                try reader.skip(try reader.readVInt(max: reader.remaining))
            }
            let length = try reader.readVInt(max: reader.remaining)
            let start = reader.offset
            try reader.skip(length)
            return start..<(start + length)
        }
        return (bytes, range)
    }

    /// Calls `body` with the serialized fields of `doc` (see `serializedDocument`).
    private func withSerializedDocument<T>(_ doc: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        let (bytes, range) = try serializedDocument(doc)
        return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[range])) }
    }

    /// The stored fields of `doc` in the order they were written; `id` gives the document's id (from the
    /// document table) for the field stored as a reference to it (asked only when there is one). The
    /// values stay in the decompressed chunk, which the document shares with the cache (nothing copied).
    func document(_ doc: Int, id: () throws -> String) throws -> StoredDocument {
        let (bytes, range) = try serializedDocument(doc)
        var hasID = false
        let fields = try bytes.withUnsafeBytes { raw -> [StoredDocument.Field] in
            var reader = ByteReader(UnsafeRawBufferPointer(rebasing: raw[range]), file: file.name)
            let count = try reader.readVInt(max: 1 << 16)
            var fields: [StoredDocument.Field] = []
            fields.reserveCapacity(count)
            for _ in 0..<count {
                let number = try readNameNumber(&reader)
                if number == 0 {
                    hasID = true
                    fields.append(StoredDocument.Field(name: 0, start: 0, end: 0))
                    continue
                }
                let length = try reader.readVInt(max: reader.remaining)
                let start = range.lowerBound + reader.offset
                fields.append(StoredDocument.Field(name: UInt32(number), start: UInt32(start), end: UInt32(start + length)))
                try reader.skip(length)
            }
            guard reader.isAtEnd else { throw reader.corrupt("a stored document is longer than its fields") }
            return fields
        }
        return StoredDocument(names: fieldNames, bytes: bytes, fields: fields, id: hasID ? try id() : "")
    }

    /// The stored fields of `doc` as (name, value) in the order they were written, each value made
    /// straight from the decompressed chunk (`document(_:id:)` without the compact value in between);
    /// `id` is `doc`'s id, for the field stored as a reference to it.
    func fieldList(_ doc: Int, id: String) throws -> [(name: String, value: String)] {
        try withSerializedDocument(doc) { serialized in
            var reader = ByteReader(serialized, file: file.name)
            let count = try reader.readVInt(max: 1 << 16)
            var fields: [(name: String, value: String)] = []
            fields.reserveCapacity(count)
            for _ in 0..<count {
                let number = try readNameNumber(&reader)
                if number == 0 {
                    fields.append((fieldNames[0], id))
                    continue
                }
                let value = try reader.readBytes(try reader.readVInt(max: reader.remaining))
                fields.append((fieldNames[number], String(decoding: value, as: UTF8.self)))
            }
            guard reader.isAtEnd else { throw reader.corrupt("a stored document is longer than its fields") }
            return fields
        }
    }

    /// The value of `doc`'s first field named `name` (nil when it has none), decoding no other value.
    func field(_ doc: Int, named name: String, id: () throws -> [UInt8]) throws -> String? {
        guard fieldNames.contains(name) else { return nil }
        return try withSerializedDocument(doc) { serialized in
            var reader = ByteReader(serialized, file: file.name)
            let count = try reader.readVInt(max: 1 << 16)
            for _ in 0..<count {
                let number = try readNameNumber(&reader)
                if number == 0 {
                    if fieldNames[0] == name { return String(decoding: try id(), as: UTF8.self) }
                    continue
                }
                let value = try reader.readBytes(try reader.readVInt(max: reader.remaining))
                if fieldNames[number] == name { return String(decoding: value, as: UTF8.self) }
            }
            return nil
        }
    }
}
