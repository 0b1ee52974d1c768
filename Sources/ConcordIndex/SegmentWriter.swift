import ConcordStorage

/// Writes one immutable segment from a stream: documents (stored fields and columns) in document order,
/// then terms in ascending byte order, each with its postings in document order.
///
/// Used both to flush the in-memory buffer and to merge segments. Every file is finished (footer,
/// fsync) by `finish()`; on any error, `abandon()` deletes what was written.
final class SegmentWriter {
    let name: String
    /// The new segment's random identity, written into every file's header.
    let identity = FileIdentity.random()
    private let directory: Directory
    private let terms: TermDictionaryWriter
    private let docFile: FramedFileWriter
    private let positionFile: FramedFileWriter
    private var postings: PostingsWriter
    private let stored: StoredFieldsWriter
    /// Ids of the documents added so far, end to end, and where each ends (a merge of millions of
    /// documents holds them as bytes, not as millions of Strings).
    private var idBytes: [UInt8] = []
    private var idEnds: [UInt32] = []
    private var hashes: [UInt64] = []
    private var columns = ColumnFileWriter()
    private var currentTerm: [UInt8]?
    private var finished = false

    static let postingsFormat = "concord.postings"
    static let positionsFormat = "concord.positions"
    static let version: UInt32 = IndexFormat.version

    /// `storedEncoding`: the stored-field encoding to use (see `StoredFieldsEncoding`); nil to train one
    /// on `storedTrainingBytes` of documents. `storedTraining`: where the dictionary comes from
    /// instead of `storedEncoding`'s (whose names are kept).
    init(directory: Directory, name: String, storedEncoding: StoredFieldsEncoding? = nil,
         storedTraining: StoredDictionaryTraining? = nil, storedTrainingBytes: Int = StoredFieldsWriter.trainingBytes) throws {
        self.name = name
        self.directory = directory
        terms = try TermDictionaryWriter(directory: directory, name: "\(name).tdi", identity: identity)
        docFile = try FramedFileWriter(directory: directory, name: "\(name).doc", format: Self.postingsFormat,
                                       version: Self.version, identity: identity)
        positionFile = try FramedFileWriter(directory: directory, name: "\(name).pos", format: Self.positionsFormat,
                                            version: Self.version, identity: identity)
        postings = PostingsWriter(docFile: docFile, positionFile: positionFile)
        stored = try StoredFieldsWriter(directory: directory, name: "\(name).sto", identity: identity, encoding: storedEncoding,
                                    training: storedTraining, trainingBytes: storedTrainingBytes)
    }

    var documentCount: Int { idEnds.count }

    /// Bytes of postings and positions written so far.
    var postingBytesWritten: Int { docFile.position + positionFile.position }

    /// Adds the next document's stored data; documents are numbered in the order they are added.
    func addDocument(id: String, contentHash: UInt64, storedFields: [(name: String, value: String)],
                     lengths fieldLengths: [UInt32], columns values: ColumnValues) throws {
        try stored.add(storedFields, id: id)
        columns.add(values)
        try appendID(id)
        hashes.append(contentHash)
        postings.addDocumentLengths((fieldLengths[0], fieldLengths[1], fieldLengths[2]))
    }

    /// Adds the next document's id, hash, lengths and columns, but not its stored fields: those go to
    /// `storedFields` (in the same document order), which may be fed on another thread meanwhile.
    func addDocument(id: String, contentHash: UInt64, lengths fieldLengths: (UInt32, UInt32, UInt32), columns values: ColumnValues) throws {
        columns.add(values)
        try appendID(id)
        hashes.append(contentHash)
        postings.addDocumentLengths(fieldLengths)
    }

    /// The stored-fields writer, for a caller that writes stored fields on their own thread (see the
    /// `addDocument` without stored fields); only that thread may use it until `finish`.
    var storedFields: StoredFieldsWriter { stored }

    /// The stored-field encoding written so far (final once `finish()` returned), for the next segment.
    var storedEncoding: StoredFieldsEncoding { stored.encoding }

    /// Adds every document of `source` (which must have no deletions), copying its stored-field
    /// chunks without decompressing them when the encodings allow (else re-encoding each document).
    func addAllDocuments(of source: SegmentReader) throws {
        guard stored.canCopyChunks(of: source.stored) else {
            let keywordColumns = source.keywordFields.compactMap { source.keywordColumn($0) }
            for doc in 0..<source.maxDoc {
                try addDocument(id: try source.documentID(doc), contentHash: source.contentHash(doc),
                                storedFields: try source.storedFields(doc),
                                lengths: (0..<IndexField.count).map { UInt32(source.fieldLength(doc, field: $0)) },
                                columns: source.columnValues(doc, keywordColumns))
            }
            return
        }
        try stored.appendChunks(of: source.stored)
        let keywordColumns = source.keywordFields.compactMap { source.keywordColumn($0) }
        for doc in 0..<source.maxDoc {
            columns.add(source.columnValues(doc, keywordColumns))
            try source.documentTable.withIDBytes(doc) { try appendID($0) }
            hashes.append(source.contentHash(doc))
            postings.addDocumentLengths((UInt32(source.fieldLength(doc, field: 0)), UInt32(source.fieldLength(doc, field: 1)),
                                         UInt32(source.fieldLength(doc, field: 2))))
        }
    }

    /// Reserves room for `documents` more documents with `idBytes` bytes of ids in all.
    func reserve(documents: Int, idBytes byteCount: Int) {
        idBytes.reserveCapacity(idBytes.count + byteCount)
        idEnds.reserveCapacity(idEnds.count + documents)
        hashes.reserveCapacity(hashes.count + documents)
        postings.reserveDocuments(documents)
        columns.reserveDocuments(documents)
    }

    private func appendID(_ id: String) throws {
        var id = id
        try id.withUTF8 { try appendID(UnsafeRawBufferPointer($0)) }
    }

    private func appendID(_ bytes: UnsafeRawBufferPointer) throws {
        // The document table addresses id bytes with 32-bit offsets.
        guard idBytes.count + bytes.count <= Int(UInt32.max) else {
            throw IndexError.limitExceeded("a segment with more than 4 GiB of document ids")
        }
        idBytes.append(contentsOf: bytes)
        idEnds.append(UInt32(idBytes.count))
    }

    func startTerm(_ term: [UInt8]) {
        precondition(currentTerm == nil, "finish the previous term first")
        currentTerm = term
    }

    /// Adds one posting of the current term; `positions` are field 0's, then 1's, then 2's.
    func addPosting(doc: Int32, frequencies: (UInt32, UInt32, UInt32), positions: UnsafeBufferPointer<UInt32>) {
        postings.add(doc: doc, frequencies: frequencies, positions: positions)
    }

    /// Adds postings of the current term through `body`, in one access to the postings writer (where
    /// `addPosting` makes one per posting).
    func addPostings(_ body: (inout PostingsWriter) throws -> Void) rethrows {
        try body(&postings)
    }

    /// Every document's field lengths so far, for a holding postings writer (`PostingsWriter(holdingTermsFor:)`)
    /// whose terms this writer takes later with `addHeldTerm`.
    var fieldLengths: [UInt32] { postings.fieldLengths }

    /// Adds `term` (greater than every term before it), whose postings are term `k` of `held`.
    func addHeldTerm(_ term: [UInt8], _ k: Int, of held: PostingsWriter.HeldTerms) throws {
        precondition(currentTerm == nil, "finish the previous term first")
        try terms.add(term: term, info: try postings.appendHeldTerm(k, of: held))
    }

    func finishTerm() throws {
        guard let term = currentTerm else { preconditionFailure("no term started") }
        let info = try postings.finishTerm()
        try terms.add(term: term, info: info)
        currentTerm = nil
    }

    /// Finishes every file (footer + fsync) and returns the segment's description.
    func finish() throws -> SegmentInfo {
        finished = true
        _ = try terms.finish()
        try postings.finishFile()
        try docFile.finish()
        try positionFile.finish()
        _ = try stored.finish()
        let lengths = postings.fieldLengths
        _ = try DocumentTable.write(directory: directory, name: "\(name).dtb", identity: identity, idBytes: idBytes, idEnds: idEnds,
                                    hashes: hashes, interleavedLengths: lengths)
        try columns.write(directory: directory, name: "\(name).col", identity: identity)
        var totals = [Int](repeating: 0, count: IndexField.count)
        for (i, length) in lengths.enumerated() { totals[i % IndexField.count] += Int(length) }
        return SegmentInfo(name: name, identity: identity, maxDoc: idEnds.count, deletedCount: 0, deletionGeneration: 0, totalFieldLengths: totals)
    }

    /// Removes whatever this writer created.
    func abandon() {
        if !finished {
            terms.abandon()
            docFile.abandon()
            positionFile.abandon()
            stored.abandon()
        }
        for ext in SegmentFiles.extensions { try? directory.delete("\(name).\(ext)") }
    }
}
