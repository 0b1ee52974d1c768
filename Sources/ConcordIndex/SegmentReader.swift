import ConcordStorage

/// Read access to one segment at one deletion generation: term lookup, postings cursors, field
/// lengths, document ids and stored fields.
///
/// Opening checks every file's header (format, version, the segment identity the commit names) and
/// footer (magic, recorded length) and the layout of each file, in time that does not grow with the
/// number of documents; with `verifyChecksums` also every CRC-32, every column value, the stored-fields
/// chunk index and the field-length totals (as `concord check` and merges do; searches do not, to keep
/// opening cheap). Damage found is reported naming the file; damage inside a body that was opened
/// unverified gives errors or wrong answers when read, never traps. A reader is not thread-safe (stored-field decoding caches a chunk); open one per thread.
public final class SegmentReader {
    public let info: SegmentInfo
    private let terms: TermDictionary
    private let docFile: FramedFile
    private let positionFile: FramedFile
    /// The `.doc` body without its closing block-bound parameters: the terms' postings.
    private let postingsBody: UnsafeRawBufferPointer
    /// How the skip entries' pseudo-frequency bounds were computed (the end of the `.doc` body).
    public let blockScoreParameters: BlockScoreParameters
    @usableFromInline let table: DocumentTable
    var documentTable: DocumentTable { table }
    let columns: SegmentColumns
    let stored: StoredFieldsReader
    public let deletions: DeletionSet?
    /// Field-length totals over live documents.
    public let liveFieldLengths: [Int]
    private var recentLookups = RecentTermLookups()

    public init(directory: Directory, info: SegmentInfo, verifyChecksums: Bool = false) throws {
        self.info = info
        let verify = verifyChecksums
        terms = try TermDictionary(directory: directory, name: "\(info.name).tdi", identity: info.identity, verifyChecksum: verify)
        docFile = try FramedFile(directory: directory, name: "\(info.name).doc", format: SegmentWriter.postingsFormat,
                                 versions: IndexFormat.readableVersions, identity: info.identity, verifyChecksum: verify)
        let postingsEnd = docFile.body.count - BlockScoreParameters.byteCount
        var parameterReader = docFile.reader()
        guard postingsEnd >= 0 else { throw parameterReader.corrupt("block-bound parameters missing") }
        parameterReader.offset = postingsEnd
        blockScoreParameters = try BlockScoreParameters.read(&parameterReader)
        postingsBody = UnsafeRawBufferPointer(rebasing: docFile.body[..<postingsEnd])
        positionFile = try FramedFile(directory: directory, name: "\(info.name).pos", format: SegmentWriter.positionsFormat,
                                      versions: IndexFormat.readableVersions, identity: info.identity, verifyChecksum: verify)
        table = try DocumentTable(directory: directory, name: "\(info.name).dtb", expectedDocuments: info.maxDoc,
                                  identity: info.identity, verifyChecksum: verify)
        stored = try StoredFieldsReader(directory: directory, name: "\(info.name).sto", expectedDocuments: info.maxDoc,
                                        identity: info.identity, verifyChecksum: verify)
        columns = try SegmentColumns(directory: directory, name: "\(info.name).col", expectedDocuments: info.maxDoc,
                                     identity: info.identity, verifyChecksum: verify)
        if info.deletionGeneration > 0 {
            deletions = try DeletionSet(directory: directory,
                                        name: SegmentFiles.deletionFile(info.name, generation: info.deletionGeneration),
                                        identity: info.identity, expectedMaxDoc: info.maxDoc, expectedDeleted: info.deletedCount)
        } else {
            guard info.deletedCount == 0 else {
                throw StorageError.corrupt(file: "\(info.name).dtb", reason: "commit counts deletions but names no deletion file")
            }
            deletions = nil
        }
        // Opening trusts the commit's totals (a sum over every document costs O(maxDoc) per open);
        // full verification (`concord check`, merges) compares them with the document table.
        if verifyChecksums { try Self.verifyFieldLengths(table, info: info) }
        var totals = info.totalFieldLengths
        if let deletions, info.deletedCount > 0 {
            let table = self.table
            deletions.forEachDeleted { doc in
                for f in 0..<IndexField.count { totals[f] -= Int(table.length(doc, field: f)) }
            }
        }
        liveFieldLengths = totals.map { max($0, 0) }
    }

    public var maxDoc: Int { info.maxDoc }
    public var liveCount: Int { info.liveCount }
    public var termCount: Int { terms.termCount }

    /// Sum of the sizes of the segment's files.
    public var byteCount: Int {
        terms.file.file.bytes.count + docFile.file.bytes.count + positionFile.file.bytes.count
            + table.file.file.bytes.count + stored.file.file.bytes.count + columns.file.file.bytes.count
    }

    /// Size of the stored-fields file (compressed).
    var storedByteCount: Int { stored.file.file.bytes.count }

    @inlinable @inline(__always)
    public func isLive(_ doc: Int) -> Bool {
        guard let deletions else { return true }
        return !deletions.isDeleted(doc)
    }

    @inlinable @inline(__always)
    public func fieldLength(_ doc: Int, field: Int) -> Int { Int(table.length(doc, field: field)) }

    /// The three field lengths of `doc` (title, summary, body), read together (see `DocumentTable.lengths`).
    @inlinable @inline(__always)
    public func fieldLengths(_ doc: Int) -> (Int, Int, Int) {
        let (title, summary, body) = table.lengths(doc)
        return (Int(title), Int(summary), Int(body))
    }

    public func termInfo(_ term: String) throws -> TermInfo? { recentLookups[try recentLookup(term)].info }

    /// The index of `term`'s entry among the recent lookups, looking it up first when it is not there.
    private func recentLookup(_ term: String) throws -> Int {
        if let index = recentLookups.index(of: term) { return index }
        return recentLookups.insert(term, info: try terms.lookup(term))
    }

    /// Checks that the document table's field lengths add up to the commit's totals.
    public func verifyFieldLengths() throws { try Self.verifyFieldLengths(table, info: info) }

    private static func verifyFieldLengths(_ table: DocumentTable, info: SegmentInfo) throws {
        var actual = [0, 0, 0]
        for doc in 0..<info.maxDoc {
            for f in 0..<IndexField.count { actual[f] += Int(table.length(doc, field: f)) }
        }
        guard actual == info.totalFieldLengths else {
            throw StorageError.corrupt(file: "\(info.name).dtb", reason: "field lengths disagree with the commit's totals")
        }
    }

    /// Verifies the CRC of every file of the segment (those opened without verification included; the
    /// deletion file is always verified when read), the field-length totals, every column value and the
    /// stored-fields chunk index: what opening with `verifyChecksums` checks.
    public func verifyChecksums() throws {
        try verifyFieldLengths()
        try columns.validateValues()
        for file in [terms.file, docFile, positionFile, table.file, stored.file, columns.file] { try file.verifyChecksum() }
    }

    /// Lets the resident pages of the segment's mapped files go (see `ReadableFile.dropResidentPages`):
    /// a merge calls it as it streams through its inputs, so their bytes do not all stay resident.
    func dropResidentPages() {
        for file in [terms.file, docFile, positionFile, table.file, stored.file, columns.file] { file.file.dropResidentPages() }
    }

    public func postings(_ info: TermInfo) -> SegmentPostings {
        SegmentPostings(info: info, docs: postingsBody, positions: positionFile.body,
                        docFileName: docFile.name, positionFileName: positionFile.name, maxDoc: self.info.maxDoc, owner: self)
    }

    /// A cursor over `term`'s postings, or nil when the segment does not contain it.
    public func postings(for term: String) throws -> SegmentPostings? {
        guard let info = try termInfo(term) else { return nil }
        return postings(info)
    }

    /// Live documents containing `term` in any field.
    public func liveDocumentFrequency(_ term: String) throws -> Int {
        let entry = try recentLookup(term)
        guard let info = recentLookups[entry].info else { return 0 }
        guard deletions != nil else { return info.documentFrequency }
        if let counted = recentLookups[entry].liveFrequency { return counted }
        var cursor = postings(info)
        var count = 0
        while try cursor.next() != SegmentPostings.exhausted {
            if isLive(Int(cursor.doc)) { count += 1 }
        }
        recentLookups[entry].liveFrequency = count
        return count
    }

    public func documentID(_ doc: Int) throws -> String { try table.id(doc) }

    // For `IndexChecker`.
    func validatedDocumentID(_ doc: Int) throws -> String { try table.validatedID(doc) }
    func verifyTermLayout() throws { try terms.verifyLayout() }
    func verifyStoredChunks() throws { try stored.verifyChunks() }
    /// Every id block of the document table holds exactly its ids and matches its CRC-32.
    func verifyIDBlocks() throws {
        try table.verifyIDChecksums()
        try table.forEachID { _, _ in }
    }
    var postingsByteCount: Int { postingsBody.count }
    var positionsByteCount: Int { positionFile.body.count }
    var postingsFileName: String { docFile.name }
    var positionsFileName: String { positionFile.name }
    public func contentHash(_ doc: Int) -> UInt64 { table.contentHash(doc) }

    /// Every stored field of `doc` as (name, value), in the order they were written.
    public func storedFields(_ doc: Int) throws -> [(name: String, value: String)] { try storedDocument(doc).all }

    /// The stored fields of `doc` as one compact value (see `StoredDocument`): what a search hit reads.
    /// Decompresses `doc`'s chunk unless it was the last one read; `doc` in `0..<maxDoc`.
    public func storedDocument(_ doc: Int) throws -> StoredDocument {
        try stored.document(doc) { try table.id(doc) }
    }

    /// `storedDocument(doc)` given `doc`'s id (`documentID(doc)`), which is then not decoded again.
    public func storedDocument(_ doc: Int, id: String) throws -> StoredDocument {
        try stored.document(doc) { id }
    }

    /// `storedFields(doc)` given `doc`'s id (`documentID(doc)`): every field as (name, value) in the
    /// order written, each value decoded once from the chunk (what a search hit carries).
    public func storedFields(_ doc: Int, id: String) throws -> [(name: String, value: String)] {
        try stored.fieldList(doc, id: id)
    }

    /// The value of `doc`'s stored field `name`, nil when it has none; no other value is decoded.
    public func storedField(_ doc: Int, named name: String) throws -> String? {
        try stored.field(doc, named: name) { try table.withIDBytes(doc) { Array($0) } }
    }

    /// Decompressed bytes of stored-field chunks this reader keeps for later reads beyond the last chunk
    /// read (0, the default: only the last one). A search reads each hit's chunk; a kept chunk is not
    /// decompressed again (see `StoredChunkCache`).
    public var storedChunkCacheBudget: Int {
        get { stored.chunkCacheBudget }
        set { stored.chunkCacheBudget = newValue }
    }

    /// Stored-field chunk reads answered from the kept chunks, reads that decompressed, and the chunks
    /// and bytes kept now.
    public var storedChunkCacheStatistics: (hits: Int, misses: Int, chunks: Int, bytes: Int) { stored.chunkCacheStatistics }

    /// How the stored fields are encoded (for writers that share it, so merges copy chunks).
    var storedFieldsEncoding: StoredFieldsEncoding { stored.encoding }

    /// Calls `body` with every term (UTF-8 bytes) and its postings, in ascending byte order.
    public func forEachTerm(_ body: ([UInt8], SegmentPostings) throws -> Void) throws {
        var iterator = try terms.makeIterator()
        var term: [UInt8] = []
        while let info = try iterator.next(into: &term) {
            try body(term, postings(info))
        }
    }

    /// Calls `body` with every term (UTF-8 bytes, ascending; valid during the call only), how many
    /// leading bytes it shares with the term visited before it (0 for the first), and its document
    /// frequency (deleted documents included); `body` may skip every following term that shares a
    /// prefix with the one it got (see `TermWalkStep`), and the skipped part of the dictionary is not read.
    /// With a non-empty `required` prefix only the terms starting with it are visited (and read).
    public func walkTerms(startingWith required: [UInt8] = [],
                          _ body: (UnsafeRawBufferPointer, Int, Int) throws -> TermWalkStep) throws {
        try terms.walk(startingWith: required, body)
    }

    func termIterator() throws -> TermDictionary.TermIterator { try terms.makeIterator() }

    /// Calls `body` with every term starting with `prefix` (UTF-8 bytes, ascending) and its document
    /// frequency (deleted documents included); `body` returns false to stop.
    public func forEachTerm(withPrefix prefix: [UInt8], _ body: ([UInt8], Int) throws -> Bool) throws {
        // Prefix lookups start at the block that can hold the first match; the scan stops past the prefix.
        var iterator = try terms.makeIterator(from: prefix)
        var term: [UInt8] = []
        while let info = try iterator.next(into: &term) {
            if term.count >= prefix.count, term[..<prefix.count].elementsEqual(prefix) {
                guard try body(term, info.documentFrequency) else { return }
            } else if term.lexicographicallyPrecedes(prefix) {
                continue
            } else {
                return
            }
        }
    }
}
