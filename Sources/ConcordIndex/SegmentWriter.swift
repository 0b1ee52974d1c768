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
    private var ids: [String] = []
    private var hashes: [UInt64] = []
    private var columns = ColumnFileWriter()
    private var currentTerm: [UInt8]?
    private var finished = false

    static let postingsFormat = "concord.postings"
    static let positionsFormat = "concord.positions"
    static let version: UInt32 = IndexFormat.version

    /// `storedEncoding`: the stored-field encoding to use (see `StoredFieldsEncoding`); nil to train one.
    init(directory: Directory, name: String, storedEncoding: StoredFieldsEncoding? = nil) throws {
        self.name = name
        self.directory = directory
        terms = try TermDictionaryWriter(directory: directory, name: "\(name).tdi", identity: identity)
        docFile = try FramedFileWriter(directory: directory, name: "\(name).doc", format: Self.postingsFormat,
                                       version: Self.version, identity: identity)
        positionFile = try FramedFileWriter(directory: directory, name: "\(name).pos", format: Self.positionsFormat,
                                            version: Self.version, identity: identity)
        postings = PostingsWriter(docFile: docFile, positionFile: positionFile)
        stored = try StoredFieldsWriter(directory: directory, name: "\(name).sto", identity: identity, encoding: storedEncoding)
    }

    var documentCount: Int { ids.count }

    /// Adds the next document's stored data; documents are numbered in the order they are added.
    func addDocument(id: String, contentHash: UInt64, storedFields: [(name: String, value: String)],
                     lengths fieldLengths: [UInt32], columns values: ColumnValues) throws {
        try stored.add(storedFields, id: id)
        columns.add(values)
        ids.append(id)
        hashes.append(contentHash)
        postings.addDocumentLengths((fieldLengths[0], fieldLengths[1], fieldLengths[2]))
    }

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
            ids.append(try source.documentID(doc))
            hashes.append(source.contentHash(doc))
            postings.addDocumentLengths((UInt32(source.fieldLength(doc, field: 0)), UInt32(source.fieldLength(doc, field: 1)),
                                         UInt32(source.fieldLength(doc, field: 2))))
        }
    }

    func startTerm(_ term: [UInt8]) {
        precondition(currentTerm == nil, "finish the previous term first")
        currentTerm = term
    }

    /// Adds one posting of the current term; `positions` are field 0's, then 1's, then 2's.
    func addPosting(doc: Int32, frequencies: (UInt32, UInt32, UInt32), positions: UnsafeBufferPointer<UInt32>) {
        postings.add(doc: doc, frequencies: frequencies, positions: positions)
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
        try docFile.finish()
        try positionFile.finish()
        _ = try stored.finish()
        let flat = postings.fieldLengths
        let lengths = (0..<IndexField.count).map { f in
            stride(from: f, to: flat.count, by: IndexField.count).map { flat[$0] }
        }
        _ = try DocumentTable.write(directory: directory, name: "\(name).dtb", identity: identity, ids: ids, hashes: hashes, lengths: lengths)
        try columns.write(directory: directory, name: "\(name).col", identity: identity)
        let totals = lengths.map { column in column.reduce(0) { $0 + Int($1) } }
        return SegmentInfo(name: name, identity: identity, maxDoc: ids.count, deletedCount: 0, deletionGeneration: 0, totalFieldLengths: totals)
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
