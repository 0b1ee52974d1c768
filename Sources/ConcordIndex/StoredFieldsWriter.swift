import ConcordStorage

/// Writes stored fields (`.sto`): documents serialized in order with field names as numbers, grouped
/// into chunks of about `chunkSize` bytes, each chunk a zstd frame compressed with one of the segment's
/// dictionaries, then the encoding (the dictionaries, which chunks each compresses, and the field names)
/// and a chunk index. New chunks are compressed with the encoding's dictionary; chunks copied from other
/// segments (`appendChunks`) keep theirs, which the file then holds too (each distinct one once).
///
/// Small chunks compress far better with a dictionary, so chunks stay small and reading one hit's fields
/// decompresses little. A writer given a `StoredDictionaryTraining` takes its dictionary when it first
/// compresses. Without either, a writer that defers compression (a flushed segment) trains on a
/// `StoredTrainingSample` of all its documents; one that does not holds its first documents (about
/// `trainingBytes`) in memory until a dictionary has been trained on them. A segment too small to train
/// on has none.
final class StoredFieldsWriter {
    static let format = "concord.stored"
    static let version: UInt32 = IndexFormat.version
    /// Reading a hit decompresses its whole chunk, so this trades fetch time for size: on the Debian
    /// sample 2 KiB chunks cost 8% more `.sto` than 4 KiB ones and save 10% of a single-term query's CPU
    /// (1 KiB: 21% more, 14% saved).
    static let chunkSize = 2 * 1024
    /// Serialized documents a dictionary is trained on, and the largest dictionary (a small segment gets
    /// one of at most a tenth of its training bytes). On the ~450k corpus 4 MiB and 96 KiB make the `.sto`
    /// 2.9% smaller than 1 MiB and 64 KiB did (Debian: 1.6%) for the same build CPU (FastCover at a fixed
    /// segment size, see `Compression.trainDictionary`); 8 MiB: 4.0% (2.8%) but 5% more Debian build CPU.
    /// Larger dictionaries compress better still (256 KiB: 5.4%) but made single-term queries ~15% slower
    /// there (a hit's chunk is decompressed against more dictionary than stays in cache); 3 KiB chunks
    /// (6% smaller) made them 30% slower.
    static let trainingBytes = 4 << 20
    static let dictionaryCapacity = 96 * 1024
    /// Documents larger than this are no training samples (one would dominate the dictionary).
    static let largestSample = 64 * 1024
    /// zstd's default level: higher levels shrink the Debian `.sto` by a further 6–9% for 10–30% more
    /// indexing CPU; reading is as fast either way.
    static let level: Int32 = 3
    /// Chunks are zstd frames without the magic number (the file says what they are); each frame's
    /// header records its content size, the chunk's uncompressed length.
    static let frameFormat = Compression.FrameFormat.magicless

    private let file: FramedFileWriter
    private let bodyStart: Int
    private var chunk = ByteWriter(capacity: chunkSize * 2)
    private var chunkFirstDoc: UInt32 = 0
    private var documentCount: UInt32 = 0
    private var index: [(doc: UInt32, offset: UInt64)] = []
    /// Nil while documents are held for training, or a training is pending.
    private var compressor: Compression.Compressor?
    /// Where the dictionary comes from, until the first chunk is compressed.
    private var training: StoredDictionaryTraining?
    /// The documents a writer deferring compression without an encoding trains on.
    private var ownSample: StoredTrainingSample?
    /// The names given with the encoding (a sample is serialized numbering names from these on).
    private let initialNames: [String]
    /// The dictionary new chunks are compressed with, and the field names.
    private(set) var encoding: StoredFieldsEncoding
    /// Documents to train on when no encoding was given: serialized bytes held by a writer that does
    /// not defer compression, bytes of values sampled by one that does.
    private let trainingSize: Int
    /// Every distinct dictionary a chunk of the file is compressed with (number k ≥ 1 is `dictionaries[k − 1]`;
    /// 0 stands for none).
    private var dictionaries: [[UInt8]] = []
    /// Runs of chunks with the same dictionary: from chunk `firstChunk` up to the next run's.
    private var runs: [(firstChunk: Int, dictionary: Int)] = []
    /// The number of `encoding.dictionary` (set with the compressor).
    private var encodingDictionary = 0
    private var numbers: [String: Int] = [:]
    private var held = ByteWriter()
    private var heldLengths: [Int] = []
    /// The dictionary `compressor` compresses with (empty for none).
    private var compressorDictionary: [UInt8] = []
    /// While true, a full chunk is kept in `deferred` instead of being compressed and written.
    var defersCompression = false
    /// Full chunks kept while `defersCompression`, in order, for `writeDeferredChunks`.
    private var deferred: [DeferredChunk] = []
    private var serialized = ByteWriter(capacity: 1024)

    /// With `encoding`, chunks are compressed with its dictionary from the start and its names keep their
    /// numbers (so chunks of segments with that encoding can be copied in); without, a dictionary is trained.
    /// With `training`, chunks are compressed with the dictionary it chooses (`encoding`'s names are kept).
    init(directory: Directory, name: String, identity: FileIdentity, encoding: StoredFieldsEncoding? = nil,
         training: StoredDictionaryTraining? = nil, trainingBytes: Int = StoredFieldsWriter.trainingBytes) throws {
        trainingSize = trainingBytes
        file = try FramedFileWriter(directory: directory, name: name, format: Self.format, version: Self.version, identity: identity)
        bodyStart = file.position
        self.encoding = encoding ?? StoredFieldsEncoding(dictionary: [], names: [])
        initialNames = self.encoding.names
        for (k, name) in self.encoding.names.enumerated() { numbers[name] = k + 1 }
        if let training {
            self.training = training
        } else if let encoding {
            try startCompressing(with: encoding.dictionary)
        }
    }

    /// Takes the pending training's dictionary (waiting for it) and starts compressing with it.
    private func startCompressingWithTrainedDictionary() throws {
        guard compressor == nil, let training else { return }
        self.training = nil
        encoding.dictionary = training.dictionary()
        try startCompressing(with: encoding.dictionary)
    }

    private func startCompressing(with dictionary: [UInt8]) throws {
        compressor = try Self.compressor(dictionary)
        compressorDictionary = dictionary
        encodingDictionary = number(ofDictionary: dictionary)
    }

    /// The number of `dictionary` in this file's list (added when new; 0 for none).
    private func number(ofDictionary dictionary: UnsafeRawBufferPointer) -> Int {
        if dictionary.isEmpty { return 0 }
        if let k = dictionaries.firstIndex(where: { $0.count == dictionary.count && $0.elementsEqual(dictionary) }) { return k + 1 }
        dictionaries.append(Array(dictionary))
        return dictionaries.count
    }

    private func number(ofDictionary dictionary: [UInt8]) -> Int {
        dictionary.withUnsafeBytes { number(ofDictionary: $0) }
    }

    /// Records that the next chunk (number `index.count`) is compressed with dictionary `number`.
    private func noteNextChunk(dictionary number: Int) {
        if runs.last?.dictionary != number { runs.append((index.count, number)) }
    }

    private static func compressor(_ dictionary: [UInt8]) throws -> Compression.Compressor {
        dictionary.isEmpty ? Compression.Compressor(level: level, format: frameFormat)
            : try Compression.Compressor(level: level, dictionary: dictionary, format: frameFormat)
    }

    /// Adds the next document's fields (names and values as given, in order). A field named `id` holding
    /// the document's `id` is stored as a reference (number 0) to the document table's copy of the id.
    func add(_ fields: [(name: String, value: String)], id: String) throws {
        if defersCompression && compressor == nil && training == nil {
            // Chunked now, compressed once a dictionary is trained on these (see `writeDeferredChunks`).
            if ownSample == nil { ownSample = StoredTrainingSample(trainingBytes: trainingSize) }
            ownSample!.offer(fields, id: id)
        }
        serialized.removeAll()
        Self.serialize(fields, id: id, into: &serialized) { number(of: $0) }
        try addSerialized(serialized.bytes)
        // A buffer grown by one huge document does not keep its memory for the small ones after it.
        if serialized.capacity > 16 * Self.chunkSize { serialized = ByteWriter(capacity: 1024) }
    }

    /// A document as stored: its field count, then per field its name's number and its value — or 0 for
    /// a field `id` holding the document's `id` (a reference to the document table's copy).
    static func serialize(_ fields: [(name: String, value: String)], id: String, into out: inout ByteWriter,
                          number: (String) -> Int) {
        out.writeVInt(fields.count)
        for field in fields {
            if field.name == StoredFieldsEncoding.idName, field.value == id {
                out.writeVInt(0)
                continue
            }
            out.writeVInt(number(field.name))
            out.writeString(field.value)
        }
    }

    private func number(of name: String) -> Int {
        if let number = numbers[name] { return number }
        encoding.names.append(name)
        numbers[name] = encoding.names.count
        return encoding.names.count
    }

    private func addSerialized(_ bytes: [UInt8]) throws {
        if compressor == nil && training == nil && !defersCompression {
            held.writeBytes(bytes)
            heldLengths.append(bytes.count)
            if held.count >= trainingSize { try train() }
            return
        }
        if bytes.count > Self.chunkSize {
            // A large document gets a chunk of its own, allocated once at its size (not grown by doubling).
            try flushChunk()
            chunk = ByteWriter(capacity: bytes.count + 16)
        }
        chunk.writeVInt(bytes.count)
        chunk.writeBytes(bytes)
        documentCount += 1
        if chunk.count >= Self.chunkSize { try flushChunk() }
    }

    /// Trains the dictionary on the held documents, then writes them.
    private func train() throws {
        let all = held.bytes
        encoding.dictionary = Self.trainedDictionary(held: all, lengths: heldLengths)
        try startCompressing(with: encoding.dictionary)
        held = ByteWriter()
        let lengths = heldLengths
        heldLengths = []
        var start = 0
        for length in lengths {
            try addSerialized(Array(all[start..<(start + length)]))
            start += length
        }
    }

    /// The dictionary trained on serialized documents (`held`, one after another, of `lengths`): empty
    /// when there is too little to train on or training fails.
    static func trainedDictionary(held all: [UInt8], lengths: [Int]) -> [UInt8] {
        var samples: [UInt8] = []
        var sizes: [Int] = []
        var start = 0
        for length in lengths {
            if length <= Self.largestSample {
                samples.append(contentsOf: all[start..<(start + length)])
                sizes.append(length)
            }
            start += length
        }
        let capacity = min(Self.dictionaryCapacity, samples.count / 10)
        return capacity >= 1024 ? Compression.trainDictionary(samples: samples, sampleSizes: sizes, capacity: capacity) ?? [] : []
    }

    private func flushChunk() throws {
        guard chunk.count > 0 else { return }
        if defersCompression {
            // A copy of exactly its size (the chunk's buffer keeps twice a chunk's capacity, and is reused).
            // Its dictionary is known when it is written.
            let bytes = chunk.bytes.withUnsafeBufferPointer { Array($0) }
            deferred.append(DeferredChunk(firstDoc: chunkFirstDoc, bytes: bytes))
        } else {
            try startCompressingWithTrainedDictionary()
            guard let compressor else { return }
            try write(firstDoc: chunkFirstDoc, compressed: try chunk.bytes.withUnsafeBytes { try compressor.compress($0) })
        }
        if chunk.bytes.capacity > 16 * Self.chunkSize { chunk = ByteWriter(capacity: Self.chunkSize * 2) } else { chunk.removeAll() }
        chunkFirstDoc = documentCount
    }

    /// Appends the compressed bytes of a new chunk (compressed with the encoding's dictionary), whose first
    /// document is `firstDoc`, as the file's next chunk.
    private func write(firstDoc: UInt32, compressed: [UInt8]) throws {
        noteNextChunk(dictionary: encodingDictionary)
        index.append((firstDoc, UInt64(file.position - bodyStart)))
        try file.write { $0.writeBytes(compressed) }
    }

    /// A full chunk not compressed yet (see `defersCompression`): every one is compressed with the
    /// dictionary the writer has once `writeDeferredChunks` starts.
    struct DeferredChunk {
        var firstDoc: UInt32
        var bytes: [UInt8]
    }

    /// Deferred chunks shared with a helper (`compressChunksFromTheBack`): what it needs is their bytes and
    /// the dictionary they are compressed with; it hands back their compressed bytes.
    typealias ChunkWork = TwoEndedWork<(chunks: [DeferredChunk], dictionary: [UInt8]), [[UInt8]]>

    /// Ends `defersCompression` (once every document is added): the last chunk joins the deferred ones, which
    /// are compressed and written in order from the first, while `work`'s helper may compress some from the
    /// last (see `TwoEndedWork`). With the same dictionary, the file is then what writing without deferring
    /// gives, byte for byte. A writer with neither an encoding nor a training trains its dictionary here, on
    /// a sample of all its documents (one that does not defer trains on its first documents).
    func writeDeferredChunks(sharing work: ChunkWork) throws {
        try flushChunk()
        defersCompression = false
        if training != nil {
            try startCompressingWithTrainedDictionary()
        } else if let sample = ownSample {
            ownSample = nil
            encoding.dictionary = StoredDictionaryTraining.chosenDictionary(for: sample, names: initialNames, previous: [])
            try startCompressing(with: encoding.dictionary)
        } else if compressor == nil {
            try train()
        }
        let pending = deferred
        deferred = []
        guard let compressor, !pending.isEmpty else { return }
        work.open(count: pending.count, context: (pending, compressorDictionary))
        do {
            while let claimed = work.claimFront() {
                for i in claimed {
                    try write(firstDoc: pending[i].firstDoc, compressed: try pending[i].bytes.withUnsafeBytes { try compressor.compress($0) })
                }
            }
        } catch {
            work.abandon()
            throw error
        }
        guard let helped = work.close() else { return }
        if let error = helped.error { throw error }
        precondition(helped.held.count == pending.count - helped.start, "a helper left chunks out")
        for (k, compressed) in helped.held.reversed().enumerated() {
            try write(firstDoc: pending[helped.start + k].firstDoc, compressed: compressed)
        }
    }

    /// The helping side of `writeDeferredChunks`: compresses chunks from the last while the writer has not
    /// reached them, with a compressor of its own (nothing when the writer is done or not started).
    /// Returns whether it started (whether it had anything to do).
    @discardableResult
    static func compressChunksFromTheBack(_ work: ChunkWork) -> Bool {
        guard let (chunks, dictionary) = work.startHelping() else { return false }
        var held: [[UInt8]] = []
        var error: Error?
        do {
            let compressor = try compressor(dictionary)
            while let claimed = work.claimBack() {
                for i in claimed.reversed() {
                    // Kept at its size (a compressor's result has room for the worst case).
                    held.append(try chunks[i].bytes.withUnsafeBytes { try compressor.compress($0) }.withUnsafeBufferPointer { Array($0) })
                }
            }
        } catch let failure {
            error = failure
        }
        work.finishHelping(held: held, error: error)
        return true
    }

    /// True when `appendChunks(of:)` can copy `source`'s chunks as they are: field names of which one
    /// list extends the other (this writer takes on the longer). Their dictionaries come along.
    func canCopyChunks(of source: StoredFieldsReader) -> Bool {
        compressor != nil && (encoding.names.starts(with: source.names) || source.names.starts(with: encoding.names))
    }

    /// Appends every document of `source` by copying its compressed chunks (`canCopyChunks(of:)` must
    /// hold), each with its dictionary (added to this file's when new).
    func appendChunks(of source: StoredFieldsReader) throws {
        precondition(canCopyChunks(of: source), "chunks of incompatible field names")
        try flushChunk()
        let theirNames = source.names
        if theirNames.count > encoding.names.count {
            for name in theirNames[encoding.names.count...] { _ = number(of: name) }
        }
        // Their dictionary numbers as this file's.
        let numbers = [0] + (0..<source.dictionaryCount).map { number(ofDictionary: source.dictionaryBytes($0 + 1)) }
        let base = documentCount
        try source.forEachStoredChunk { firstDoc, dictionary, bytes in
            noteNextChunk(dictionary: numbers[dictionary])
            index.append((base + UInt32(firstDoc), UInt64(file.position - bodyStart)))
            try file.write { $0.writeBytes(bytes) }
        }
        documentCount += UInt32(source.documentCount)
        chunkFirstDoc = documentCount
    }

    func finish() throws -> Int {
        precondition(!defersCompression, "finished with deferred chunks not written (see writeDeferredChunks)")
        try startCompressingWithTrainedDictionary()
        if compressor == nil { try train() }
        try flushChunk()
        let encodingOffset = file.position - bodyStart
        // Only the dictionaries some chunk uses (a writer may hold one it never compressed with).
        let used = Set(runs.map(\.dictionary))
        var renumbered = [Int](repeating: 0, count: dictionaries.count + 1)
        var kept: [[UInt8]] = []
        for (k, dictionary) in dictionaries.enumerated() where used.contains(k + 1) {
            kept.append(dictionary)
            renumbered[k + 1] = kept.count
        }
        try file.write { out in
            out.writeVInt(kept.count)
            for dictionary in kept {
                out.writeVInt(dictionary.count)
                out.writeBytes(dictionary)
            }
            out.writeVInt(runs.count)
            for run in runs {
                out.writeVInt(run.firstChunk)
                out.writeVInt(renumbered[run.dictionary])
            }
            out.writeVInt(encoding.names.count)
            for name in encoding.names { out.writeString(name) }
        }
        let indexOffset = file.position - bodyStart
        index.append((documentCount, UInt64(encodingOffset)))
        try file.write { out in
            StoredChunkIndex.write(index, into: &out)
            out.writeU32(UInt32(index.count - 1))
            out.writeU32(documentCount)
            out.writeU64(UInt64(indexOffset))
        }
        return try file.finish()
    }

    func abandon() { file.abandon() }
}
