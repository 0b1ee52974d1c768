import ConcordStorage

/// Reads stored fields by document number, decompressing one chunk at a time with the dictionary its
/// run of chunks names (each dictionary digested on the first read of a chunk that uses it, and kept;
/// the decompression context is kept, and decompressed chunks in a `StoredChunkCache` bounded by
/// `chunkCacheBudget`: at least the last chunk read).
///
/// Opening reads only the trailer, where the dictionaries lie, the runs and the field names (nothing is
/// digested, and no decompression context made, before the first read); each lookup
/// checks the chunk-index entries it uses, so damage gives `StorageError.corrupt`, never a trap.
final class StoredFieldsReader {
    let file: FramedFile
    let documentCount: Int
    /// The encoding's field names (number k + 1 is `names[k]`).
    let names: [String]
    /// The dictionary of the last chunk and the field names (the dictionary copied out of the file: for
    /// writers, which compress documents like the last ones with it, not for searches).
    var encoding: StoredFieldsEncoding {
        StoredFieldsEncoding(dictionary: Array(dictionaryBytes(runDictionaries.last ?? 0)), names: names)
    }
    /// The dictionaries the chunks are compressed with (numbered from 1; 0 stands for none).
    var dictionaryCount: Int { dictionaryRanges.count }
    /// Dictionaries digested so far (only those of chunks read: for tests of the memory a reader holds).
    var digestedDictionaryCount: Int { digestedDictionaries.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }
    /// `id` (number 0, the document table's id), then the encoding's names (number k + 1 is `encoding.names[k]`).
    let fieldNames: [String]
    let chunkCount: Int
    /// Each chunk's first document and offset, and the closing entry (see `StoredChunkIndex`).
    private let index: StoredChunkIndex
    /// Where the chunks end and the encoding starts.
    private let chunksEnd: Int
    /// Where each dictionary lies in the body (dictionary k ≥ 1 at `dictionaryRanges[k − 1]`).
    private let dictionaryRanges: [Range<Int>]
    /// Runs of chunks compressed with one dictionary: run r starts at chunk `runStarts[r]` (the first at
    /// 0, ascending) and uses dictionary `runDictionaries[r]` (0: none).
    private let runStarts: [Int]
    private let runDictionaries: [Int]
    /// Dictionaries digested so far (index k − 1 for dictionary k).
    private var digestedDictionaries: [Compression.DecompressionDictionary?]
    /// Decompressed chunks kept for later reads (the last one at least).
    private var cache = StoredChunkCache(byteBudget: 0)
    /// The chunk read last and the documents it holds (-1 before any read).
    private var lastChunk = -1
    private var lastChunkDocs = 0..<0
    /// Made on the first chunk read (opening a segment whose stored fields no hit reads costs nothing).
    private lazy var decompressor = Compression.Decompressor(format: StoredFieldsWriter.frameFormat)
    /// The largest uncompressed chunk a frame may claim (checked before allocating for it).
    static let largestChunk = 1 << 30

    init(directory: Directory, name: String, expectedDocuments: Int, identity: FileIdentity, verifyChecksum: Bool) throws {
        file = try FramedFile(directory: directory, name: name, format: StoredFieldsWriter.format,
                              versions: IndexFormat.readableVersions, identity: identity, verifyChecksum: verifyChecksum)
        var trailer = file.reader()
        guard file.body.count >= 16 else { throw trailer.corrupt("trailer missing") }
        trailer.offset = file.body.count - 16
        chunkCount = Int(try trailer.readU32())
        documentCount = Int(try trailer.readU32())
        let indexOffset = try trailer.readU64(max: file.body.count - 16)
        guard documentCount == expectedDocuments else {
            throw file.reader().corrupt("holds \(documentCount) documents, the segment has \(expectedDocuments)")
        }
        guard (chunkCount == 0) == (documentCount == 0), chunkCount <= documentCount else {
            throw file.reader().corrupt("\(chunkCount) chunks cannot hold \(documentCount) documents")
        }
        index = try StoredChunkIndex(body: file.body, start: indexOffset, end: file.body.count - 16, entryCount: chunkCount + 1, file: file.name)
        // The closing entry: every document, and the end of the chunks (where the encoding starts).
        guard let closing = index.entry(chunkCount), closing.doc == documentCount, closing.offset <= UInt64(indexOffset) else {
            throw file.reader().corrupt("the chunk index does not end at the document count and the encoding")
        }
        chunksEnd = Int(closing.offset)
        var reader = file.reader()
        reader.offset = chunksEnd
        let dictionaryCount = try reader.readVInt(max: indexOffset - reader.offset)
        var dictionaryRanges: [Range<Int>] = []
        for _ in 0..<dictionaryCount {
            let length = try reader.readVInt(max: indexOffset - reader.offset)
            guard length > 0 else { throw reader.corrupt("an empty stored-field dictionary") }
            dictionaryRanges.append(reader.offset..<(reader.offset + length))
            try reader.skip(length)
        }
        let runCount = try reader.readVInt(max: min(indexOffset - reader.offset, chunkCount))
        guard (runCount == 0) == (chunkCount == 0) else { throw reader.corrupt("\(runCount) dictionary runs for \(chunkCount) chunks") }
        var runStarts: [Int] = []
        var runDictionaries: [Int] = []
        for r in 0..<runCount {
            let first = try reader.readVInt(max: chunkCount - 1)
            guard r == 0 ? first == 0 : first > runStarts[r - 1] else { throw reader.corrupt("dictionary runs out of order") }
            runStarts.append(first)
            runDictionaries.append(try reader.readVInt(max: dictionaryCount))
        }
        self.dictionaryRanges = dictionaryRanges
        self.runStarts = runStarts
        self.runDictionaries = runDictionaries
        digestedDictionaries = Array(repeating: nil, count: dictionaryCount)
        let nameCount = try reader.readVInt(max: indexOffset - reader.offset)
        var names: [String] = []
        names.reserveCapacity(nameCount)
        for _ in 0..<nameCount { names.append(try reader.readString()) }
        guard reader.offset == indexOffset else { throw reader.corrupt("the stored-field encoding does not end at the chunk index") }
        self.names = names
        fieldNames = [StoredFieldsEncoding.idName] + names
    }

    /// Entry `i` of the chunk index (`i == chunkCount` is the closing entry), its offset inside the chunks.
    private func chunkEntry(_ i: Int) throws -> (firstDoc: Int, offset: Int) {
        guard i >= 0, i <= chunkCount else { throw StorageError.corrupt(file: file.name, reason: "stored chunk \(i) out of range") }
        guard let entry = index.entry(i) else {
            throw StorageError.corrupt(file: file.name, reason: "the stored chunk index is damaged at chunk \(i)")
        }
        guard entry.offset <= UInt64(chunksEnd) else {
            throw StorageError.corrupt(file: file.name, reason: "stored chunk \(i) starts past the chunks")
        }
        return (entry.doc, Int(entry.offset))
    }

    /// Chunk `i`'s first document, the document after its last, and its bytes (a magicless zstd frame),
    /// checked to be in order with the next entry.
    private func chunk(_ i: Int) throws -> (firstDoc: Int, endDoc: Int, bytes: UnsafeRawBufferPointer) {
        let entry = try chunkEntry(i)
        let next = try chunkEntry(i + 1)
        guard entry.firstDoc < next.firstDoc, entry.offset < next.offset, i > 0 || (entry.firstDoc == 0 && entry.offset == 0) else {
            throw StorageError.corrupt(file: file.name, reason: "stored chunk index out of order at chunk \(i)")
        }
        return (entry.firstDoc, next.firstDoc, UnsafeRawBufferPointer(rebasing: file.body[entry.offset..<next.offset]))
    }

    /// The bytes of dictionary `number` (empty for 0, none), inside the file.
    func dictionaryBytes(_ number: Int) -> UnsafeRawBufferPointer {
        number == 0 ? UnsafeRawBufferPointer(start: nil, count: 0) : UnsafeRawBufferPointer(rebasing: file.body[dictionaryRanges[number - 1]])
    }

    /// The number of the dictionary chunk `i` (in range) is compressed with: its run's.
    private func dictionaryNumber(ofChunk i: Int) -> Int {
        if runStarts.count == 1 { return runDictionaries[0] }
        var low = 0
        var high = runStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if runStarts[mid] <= i { low = mid } else { high = mid - 1 }
        }
        return runDictionaries[low]
    }

    /// Dictionary `number` digested for decompression (nil for none), digested on first use.
    private func dictionary(_ number: Int) throws -> Compression.DecompressionDictionary? {
        if number == 0 { return nil }
        if let digested = digestedDictionaries[number - 1] { return digested }
        let digested = try Compression.DecompressionDictionary(dictionaryBytes(number), file: file.name)
        digestedDictionaries[number - 1] = digested
        return digested
    }

    /// Each chunk's first document, its dictionary's number and its bytes as stored (a magicless zstd
    /// frame), for merges that copy chunks without recompressing them. The chunk index is checked to
    /// ascend from the first chunk to the closing entry, and each frame's header to parse and record a
    /// size of at most `largestChunk` (header checks only: the frame is not decompressed).
    func forEachStoredChunk(_ body: (Int, Int, UnsafeRawBufferPointer) throws -> Void) throws {
        for i in 0..<chunkCount {
            let chunk = try chunk(i)
            _ = try Compression.Decompressor.magiclessContentSize(chunk.bytes, limit: Self.largestChunk, file: file.name)
            try body(chunk.firstDoc, dictionaryNumber(ofChunk: i), chunk.bytes)
        }
        if chunkCount > 0, try chunkEntry(chunkCount).offset != chunksEnd {
            throw StorageError.corrupt(file: file.name, reason: "the last stored chunk does not end where the encoding starts")
        }
    }

    /// Verifies every chunk (for `IndexChecker`): every dictionary is a zstd dictionary, distinct from
    /// the others and used by some run of chunks, and consecutive runs differ; field names are
    /// distinct; chunks are contiguous and fill the body up to the encoding; each decompresses (with its
    /// run's dictionary) to its recorded size and holds exactly the documents the index assigns it, each
    /// document exactly filled by its fields (known name numbers, valid UTF-8 values).
    func verifyChunks() throws {
        for number in stride(from: 1, through: dictionaryCount, by: 1) {
            guard Compression.DecompressionDictionary.isTrainedDictionary(dictionaryBytes(number)) else {
                throw StorageError.corrupt(file: file.name, reason: "stored-field dictionary \(number) is not a zstd dictionary")
            }
            guard !(1..<number).contains(where: { dictionaryBytes($0).elementsEqual(dictionaryBytes(number)) }) else {
                throw StorageError.corrupt(file: file.name, reason: "stored-field dictionary \(number) repeats an earlier one")
            }
            guard runDictionaries.contains(number) else {
                throw StorageError.corrupt(file: file.name, reason: "no stored chunk uses dictionary \(number)")
            }
        }
        guard !zip(runDictionaries, runDictionaries.dropFirst()).contains(where: { $0 == $1 }) else {
            throw StorageError.corrupt(file: file.name, reason: "two consecutive runs of stored chunks name the same dictionary")
        }
        try index.verifyLayout(file: file.name)
        guard Set(names).count == names.count else {
            throw StorageError.corrupt(file: file.name, reason: "stored field names repeat")
        }
        var i = 0
        try forEachStoredChunk { firstDoc, _, _ in
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
            let compressed = chunk.bytes
            let size = try Compression.Decompressor.magiclessContentSize(compressed, limit: Self.largestChunk, file: file.name)
            let dictionary = try dictionary(dictionaryNumber(ofChunk: i))
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
        return index.chunk(holding: doc)
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
