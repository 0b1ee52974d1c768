import ConcordStorage
import Dispatch

/// The single writer of an index: buffers added documents, flushes them into segments when the RAM
/// budget is reached, applies deletions, merges, and commits atomically.
///
/// Guarantees:
/// - At most one `IndexWriter` per index (an OS-level lock, released if the process dies).
/// - Nothing is visible to readers until `commit` returns; a crash at any point leaves the previous
///   commit intact and readable. Files of an unfinished run are removed when the next writer opens.
/// - After a commit, of the names a writer can create (`IndexFiles`) the folder holds only that commit,
///   the files it names, and the lock; other files are never touched. A folder that holds no index but
///   holds other files is refused (`IndexError.notAnIndexFolder`), so an index is never mixed into them.
public final class IndexWriter {
    public let directory: Directory
    public private(set) var lastCommit: Commit
    public var ramBudget: Int
    public var mergePolicy = TieredMergePolicy()
    /// Merge segments flushed in this run on a background thread as soon as the policy finds a merge
    /// among them, instead of only at the commit (see `BackgroundMerge`). The directory must allow
    /// concurrent use (a `FileSystemDirectory` does).
    public var mergesInBackground = false

    private var lock: DirectoryLock?
    private var builder = SegmentBuilder()
    /// The stored-field encoding of each new segment: the last one's, with a dictionary trained on a
    /// sample of its documents (taken while they are added) when that compresses them better (see
    /// `StoredEncodingPlan`).
    private var storedEncoding = StoredEncodingPlan()
    /// Whether stored-field dictionaries are trained on samples taken while documents are added (off only
    /// in tests, which compare the result with a writer's own training: then only the first segment
    /// trains one).
    var trainsStoredDictionaryAhead: Bool {
        get { storedEncoding.trainsAhead }
        set { storedEncoding.trainsAhead = newValue }
    }
    /// Bytes of stored values a stored-field dictionary is trained on (smaller only in tests).
    var storedTrainingBytes: Int {
        get { storedEncoding.trainingBytes }
        set { storedEncoding.trainingBytes = newValue }
    }
    /// New stored-field dictionaries taken from samples taken while documents were added (for tests).
    var encodingsTrainedAhead: Int { storedEncoding.newDictionaries }
    private var segments: [SegmentInfo]
    private var nextSegmentNumber: Int
    private var readers: [String: SegmentReader] = [:]
    private var documentTables: [String: (table: DocumentTable, deletions: DeletionSet?)] = [:]
    private var pendingDeletions: [String: DeletionSet] = [:]
    private var createdFiles: Set<String> = []
    /// Where the ids of the last `liveDocuments(matching:)` call live, so deleting some of them right
    /// after needs no second scan. Cleared whenever segments or deletions change.
    private var lookedUp: (ids: Set<String>?, locations: [String: (segment: String, doc: Int)])?
    /// The merge running in the background, if any (at most one at a time).
    private var backgroundMerge: BackgroundMerge?
    /// Where written builders are let go (see `flush`).
    private let releasing = DispatchQueue(label: "concord.index.release-builder")
    /// A written builder may still be held by `releasing`.
    private var releasePending = false
    /// Reads started on other threads by `prepareForChanges`: the stored-field encoding (with the
    /// segments it was looked up among) and document tables (by `tableKey`), each taken on first use.
    private var encodingLookup: (segments: [String], result: BackgroundResult<StoredFieldsEncoding?>)?
    private var tableLoads: [String: BackgroundResult<(table: DocumentTable, deletions: DeletionSet?)>] = [:]
    /// Results of `prepareForChanges` taken so far (for tests that check the reads ahead are used).
    private(set) var preparedReadsTaken = 0
    /// Background merges swapped in so far (for tests that check merging overlaps adding).
    private(set) var backgroundMergesFinished = 0

    /// Opens (or creates, with `settings`) the index in `directory`, taking its write lock.
    ///
    /// With `startEmpty`, the existing index is not read at all (so even a damaged one can be replaced):
    /// the next commit holds only what is added from now on, with `settings`, and the old files stay
    /// untouched until that commit is durable.
    ///
    /// With `heldLock` (what `rollbackKeepingLock` returned for this directory), the writer takes over that
    /// lock instead of taking the lock again, so no other writer can come in between.
    public init(directory: Directory, settings: String, ramBudget: Int = 256 << 20, wait: Bool = false,
                startEmpty: Bool = false, heldLock: DirectoryLock? = nil) throws {
        // Files are synced in one batch before the commit file is renamed into place (see `SyncBatchingDirectory`).
        self.directory = SyncBatchingDirectory(wrapping: directory)
        self.ramBudget = ramBudget
        try Self.requireIndexFolder(directory)
        lock = try heldLock ?? directory.obtainWriteLock(wait: wait)
        let generations = try Commit.generations(in: directory)
        if startEmpty {
            let files = try directory.listFiles()
            let highestSegment = files.compactMap(IndexFiles.segmentNumber).max() ?? 0
            lastCommit = Commit(generation: generations.last ?? 0, nextSegmentNumber: highestSegment + 1,
                                settings: settings, segments: [], userData: [])
        } else if let generation = generations.last {
            lastCommit = try Commit.read(from: directory, generation: generation)
            // Its segments lack files this format needs: only a fresh start (`startEmpty`) can go on.
            guard !lastCommit.isOutdated else {
                lock?.release()
                throw IndexError.outdatedFormat(path: directory.path, version: Int(lastCommit.formatVersion))
            }
        } else {
            lastCommit = Commit(generation: 0, nextSegmentNumber: 1, settings: settings, segments: [], userData: [])
        }
        segments = lastCommit.segments
        nextSegmentNumber = lastCommit.nextSegmentNumber
        if !startEmpty {
            // Leftovers of an interrupted run: files the last commit does not name.
            try removeUnreferencedFiles(keeping: Set(isNew ? [] : lastCommit.fileNames))
        }
    }

    deinit { rollback() }

    /// Opens every segment of the last commit with full verification (every file's CRC-32 and
    /// segment identity), so a run that would build on a damaged index reports it, naming the file.
    public func verifyCommittedSegments() throws {
        for info in segments {
            readers[info.name] = try SegmentReader(directory: directory, info: info, verifyChecksums: true)
        }
    }

    /// True when there is no commit yet.
    public var isNew: Bool { lastCommit.generation == 0 }

    /// Live documents of the committed and flushed segments, by id, with their content hashes; only
    /// those with ids in `ids` when given (a scan of the ids without building a map of all of them).
    public func liveDocuments(matching ids: Set<String>? = nil) throws -> [String: UInt64] {
        try finishBackgroundMerge(wait: true)
        var result: [String: UInt64] = [:]
        var locations: [String: (segment: String, doc: Int)] = [:]
        try forEachLiveDocument(matching: ids) { id, segment, table, doc in
            result[id] = table.contentHash(doc)
            locations[id] = (segment, doc)
        }
        lookedUp = (ids, locations)
        return result
    }

    /// Calls `body` for each live document whose id is in `ids` (every live document when nil). Ids
    /// are compared by a hash of their bytes first, so only likely matches become Strings.
    private func forEachLiveDocument(matching ids: Set<String>?,
                                     _ body: (String, String, DocumentTable, Int) throws -> Void) throws {
        let wanted = ids.map { IDHashFilter($0.lazy.map(DocumentTable.idHash(of:))) }
        for info in segments {
            let documents = try self.documents(info)
            let deletions = pendingDeletions[info.name] ?? documents.deletions
            try documents.table.forEachID { doc, bytes in
                if deletions?.isDeleted(doc) ?? false { return }
                if let wanted, !wanted.mayContain(DocumentTable.idHash(bytes)) { return }
                let id = String(decoding: bytes, as: UTF8.self)
                if ids?.contains(id) ?? true { try body(id, info.name, documents.table, doc) }
            }
        }
    }

    /// A segment's ids, hashes and deletions (verified), without opening its postings and stored fields.
    private func documents(_ info: SegmentInfo) throws -> (table: DocumentTable, deletions: DeletionSet?) {
        let key = Self.tableKey(info)
        if let cached = documentTables[key] { return cached }
        // Loaded ahead on another thread (`prepareForChanges`); a failure there is met again just below.
        let prepared = tableLoads.removeValue(forKey: key).flatMap { try? $0.get() }
        if prepared != nil { preparedReadsTaken += 1 }
        let documents = try prepared ?? Self.loadDocuments(directory: directory, info: info)
        documentTables[key] = documents
        return documents
    }

    private static func tableKey(_ info: SegmentInfo) -> String { "\(info.name)_\(info.deletionGeneration)" }

    private static func loadDocuments(directory: Directory, info: SegmentInfo) throws -> (table: DocumentTable, deletions: DeletionSet?) {
        // Ids decide which documents an update deletes: the table's CRC is verified before they are trusted.
        let table = try DocumentTable(directory: directory, name: "\(info.name).dtb", expectedDocuments: info.maxDoc,
                                      identity: info.identity, verifyChecksum: true)
        let deletions = info.deletionGeneration > 0
            ? try DeletionSet(directory: directory, name: SegmentFiles.deletionFile(info.name, generation: info.deletionGeneration),
                              identity: info.identity, expectedMaxDoc: info.maxDoc, expectedDeleted: info.deletedCount)
            : nil
        return (table, deletions)
    }

    /// Adds a document. It becomes visible with the next commit.
    ///
    /// The buffer is flushed when it has reached the RAM budget before the document is added (so it holds
    /// at most the budget plus one document): the segment is written while the caller no longer holds the
    /// document that filled it, which for one huge document halves the memory of the write.
    public func addDocument(_ document: AnalyzedDocument) throws {
        lookedUp = nil
        if releasePending && builder.estimatedBytes >= ramBudget / 64 {
            // The last written builder and the new one share the budget: the old one is gone before
            // the new one holds more than a 64th of it.
            releasing.sync {}
            releasePending = false
        }
        if builder.estimatedBytes >= bufferBudget {
            // A merge that has ended gives its share of the budget back before the buffer is flushed.
            try finishBackgroundMerge(wait: false)
            if builder.estimatedBytes >= bufferBudget { try flush() }
        }
        storedEncoding.add(document, startsBuffer: builder.isEmpty, committed: largestSegmentEncoding)
        builder.add(document)
    }

    /// What the buffer may hold: the RAM budget, less what a running background merge holds (the two
    /// share one budget), but never less than a quarter of it.
    private var bufferBudget: Int {
        guard let merge = backgroundMerge else { return ramBudget }
        return max(ramBudget / 4, ramBudget - merge.estimatedBytes)
    }

    /// Deletes the documents with these ids among those added before this call. Returns how many.
    @discardableResult
    public func deleteDocuments(withIDs ids: Set<String>) throws -> Int {
        guard !ids.isEmpty else { return 0 }
        if !builder.isEmpty, builder.documentIDs().contains(where: ids.contains) { try flush() }
        // A deletion must not land on a segment a merge is about to replace.
        try finishBackgroundMerge(wait: true)
        var found: [(segment: String, doc: Int)] = []
        if let lookedUp, lookedUp.ids.map({ ids.isSubset(of: $0) }) ?? true {
            found = ids.compactMap { lookedUp.locations[$0] }
        } else {
            try forEachLiveDocument(matching: ids) { _, segment, _, doc in found.append((segment, doc)) }
        }
        lookedUp = nil
        var count = 0
        for (name, doc) in found {
            guard let info = segments.first(where: { $0.name == name }) else { continue }
            var deletions = try pendingDeletions[name] ?? documents(info).deletions ?? DeletionSet(maxDoc: info.maxDoc)
            if deletions.delete(doc) { count += 1 }
            pendingDeletions[name] = deletions
        }
        return count
    }

    private func reader(_ info: SegmentInfo) throws -> SegmentReader {
        if let reader = readers[info.name] { return reader }
        // Postings and positions (the bulk of a segment) are checksum-verified only when merged.
        let reader = try SegmentReader(directory: directory, info: info, verifyChecksums: false)
        readers[info.name] = reader
        return reader
    }

    private func newSegmentName() -> String {
        defer { nextSegmentNumber += 1 }
        return SegmentFiles.segmentName(nextSegmentNumber)
    }

    /// Writes the buffered documents as a new (uncommitted) segment.
    public func flush() throws {
        lookedUp = nil
        guard !builder.isEmpty else { return }
        let name = newSegmentName()
        for ext in SegmentFiles.extensions { createdFiles.insert("\(name).\(ext)") }
        let (encoding, training) = storedEncoding.encodingForFlush(committed: largestSegmentEncoding)
        let writer = try SegmentWriter(directory: directory, name: name, storedEncoding: encoding, storedTraining: training,
                                       storedTrainingBytes: storedTrainingBytes)
        do {
            try builder.write(to: writer)
            segments.append(try writer.finish())
            storedEncoding.flushed(writer.storedEncoding)
        } catch {
            writer.abandon()
            throw error
        }
        // The written builder is let go on another thread, and its memory returned to the system there:
        // freeing its many objects and pages takes a while, and this thread can go on meanwhile.
        let written = WrittenBuilder(builder)
        builder = SegmentBuilder()
        releasing.async {
            written.builder = nil
            FreedMemory.giveBack()
        }
        releasePending = true
        if mergesInBackground {
            try finishBackgroundMerge(wait: false)
            startBackgroundMerge()
        }
    }

    /// Starts a merge of segments flushed in this run when the policy finds one among them and no
    /// merge is running. Segments with deletions, or of the last commit, are left to the commit.
    private func startBackgroundMerge() {
        guard backgroundMerge == nil else { return }
        let committed = Set(lastCommit.segments.map(\.name))
        let candidates = segments.filter { !committed.contains($0.name) && pendingDeletions[$0.name] == nil && $0.deletedCount == 0 }
        guard let names = boundedMergePolicy.findMerge(candidates) else { return }
        let name = newSegmentName()
        for ext in SegmentFiles.extensions { createdFiles.insert("\(name).\(ext)") }
        backgroundMerge = BackgroundMerge(directory: directory, sources: candidates.filter { names.contains($0.name) }, into: name)
    }

    /// Swaps in the result of the background merge once it is over (waiting for it when `wait`);
    /// rethrows its error.
    private func finishBackgroundMerge(wait: Bool) throws {
        guard let merge = backgroundMerge, wait || merge.isFinished else { return }
        backgroundMerge = nil
        lookedUp = nil
        let merged = try merge.result()
        let names = Set(merge.sources.map(\.name))
        segments.removeAll { names.contains($0.name) }
        if merged.maxDoc > 0 { segments.append(merged) }
        forgetMerged(merge.sources)
        FreedMemory.giveBack()
        backgroundMergesFinished += 1
    }

    /// The stored-field encoding of the largest segment when it has a dictionary that loads; nil to train
    /// one. Reads only that segment's `.sto` trailer and encoding (unverified: a damaged dictionary still
    /// compresses and decompresses consistently in the new segment, which stores its own copy). Taken
    /// from the lookup `prepareForChanges` started when that was made among the current segments.
    private func largestSegmentEncoding() -> StoredFieldsEncoding? {
        defer { encodingLookup = nil }
        if let encodingLookup, encodingLookup.segments == segments.map(\.name) {
            preparedReadsTaken += 1
            return try? encodingLookup.result.get()
        }
        return Self.largestSegmentEncoding(directory: directory, segments: segments)
    }

    private static func largestSegmentEncoding(directory: Directory, segments: [SegmentInfo]) -> StoredFieldsEncoding? {
        guard let largest = segments.max(by: { $0.maxDoc < $1.maxDoc }),
              let stored = try? StoredFieldsReader(directory: directory, name: "\(largest.name).sto", expectedDocuments: largest.maxDoc,
                                                   identity: largest.identity, verifyChecksum: false),
              !stored.encoding.dictionary.isEmpty,
              (try? Compression.Compressor(level: StoredFieldsWriter.level, dictionary: stored.encoding.dictionary)) != nil
        else { return nil }
        return stored.encoding
    }

    /// Starts, on other threads, the reads that changing the committed segments begins with, so that
    /// they overlap the caller's own work (reading the changed corpus files, say): each segment's
    /// document table, opened and CRC-verified as `liveDocuments` and `deleteDocuments` need it, and the
    /// stored-field encoding the first new segment builds on. Results are taken only while they still
    /// describe the writer's segments; a read that failed is done again when needed, so its error is
    /// reported then. The directory must allow concurrent use (a `FileSystemDirectory` does). Does
    /// nothing once documents were added.
    public func prepareForChanges() {
        guard builder.isEmpty, encodingLookup == nil, tableLoads.isEmpty, !segments.isEmpty else { return }
        let directory = directory
        let segments = segments
        encodingLookup = (segments.map(\.name), BackgroundResult { Self.largestSegmentEncoding(directory: directory, segments: segments) })
        for info in segments where documentTables[Self.tableKey(info)] == nil {
            tableLoads[Self.tableKey(info)] = BackgroundResult { try Self.loadDocuments(directory: directory, info: info) }
        }
    }

    /// Applies the merge policy until it finds nothing to merge.
    private func mergeAsNeeded() throws {
        lookedUp = nil
        segments.removeAll { info in
            let deleted = pendingDeletions[info.name]?.deletedCount ?? info.deletedCount
            return deleted == info.maxDoc
        }
        while let names = boundedMergePolicy.findMerge(currentInfos()) {
            let chosen = segments.filter { names.contains($0.name) }
            let sources: [(reader: SegmentReader, deletions: DeletionSet?)] = try chosen.map { info in
                let segmentReader = try reader(info)
                return (segmentReader, pendingDeletions[info.name] ?? segmentReader.deletions)
            }
            let name = newSegmentName()
            for ext in SegmentFiles.extensions { createdFiles.insert("\(name).\(ext)") }
            let merged = try SegmentMerger(directory: directory).merge(sources, into: name)
            segments.removeAll { names.contains($0.name) }
            for old in names { pendingDeletions[old] = nil }
            if merged.maxDoc > 0 { segments.append(merged) }
            forgetMerged(chosen)
            FreedMemory.giveBack()
        }
    }

    /// Lets go of segments a merge replaced: their readers (whose mappings would otherwise hold every
    /// merged input until the commit) and, for segments this run wrote, their files, which no commit
    /// names (a commit's own segments stay on disk until a newer commit is durable).
    private func forgetMerged(_ merged: [SegmentInfo]) {
        let committed = Set(lastCommit.segments.map(\.name))
        for info in merged {
            readers[info.name] = nil
            documentTables[Self.tableKey(info)] = nil
            guard !committed.contains(info.name) else { continue }
            for ext in SegmentFiles.extensions {
                let file = "\(info.name).\(ext)"
                if (try? directory.delete(file)) != nil { createdFiles.remove(file) }
            }
        }
    }

    /// Bytes a merge holds per document of the segment it writes, besides the id's bytes (its offset,
    /// content hash, three field lengths, the date column, the document map) — rounded up for ids.
    static let mergeBytesPerDocument = 64

    /// `mergePolicy` with merged segments capped so that a merge's per-document memory stays within the
    /// RAM budget (never below a million documents, so small budgets do not splinter an index).
    private var boundedMergePolicy: TieredMergePolicy {
        var policy = mergePolicy
        policy.maxMergedDocuments = min(policy.maxMergedDocuments, max(ramBudget / Self.mergeBytesPerDocument, 1 << 20))
        return policy
    }

    /// Segment infos with pending deletion counts applied.
    private func currentInfos() -> [SegmentInfo] {
        segments.map { info in
            var copy = info
            if let deletions = pendingDeletions[info.name] { copy.deletedCount = deletions.deletedCount }
            return copy
        }
    }

    /// The generation the next `commit` will have (user files written for it can carry it in their names).
    public var nextGeneration: Int { lastCommit.generation + 1 }

    /// Writes a framed, checksummed file that belongs to the next commit when that commit names it in
    /// `userFiles`. `name` must start with `IndexFiles.userFilePrefix` and not exist yet. Until the
    /// commit, the file is an uncommitted change: `rollback()` deletes it, and so does the next writer
    /// if this one dies first.
    public func writeUserFile(_ name: String, format: String, version: UInt32, _ body: (inout ByteWriter) -> Void) throws {
        precondition(IndexFiles.isUserFile(name) && !name.contains("/"), "user files are named \(IndexFiles.userFilePrefix)…")
        createdFiles.insert(name)
        _ = try FramedFileWriter.writeFile(directory: directory, name: name, format: format, version: version, body)
    }

    /// Makes everything added and deleted so far durable and visible, atomically; stores `userData`
    /// and keeps `userFiles` (written with `writeUserFile`, for this or an earlier commit).
    @discardableResult
    public func commit(userData: [UInt8], userFiles: [String] = []) throws -> Commit {
        try flush()
        try finishBackgroundMerge(wait: true)
        try mergeAsNeeded()
        let generation = lastCommit.generation + 1
        var infos: [SegmentInfo] = []
        for var info in segments {
            if let deletions = pendingDeletions[info.name], deletions.deletedCount != info.deletedCount {
                let file = SegmentFiles.deletionFile(info.name, generation: generation)
                createdFiles.insert(file)
                try deletions.write(directory: directory, name: file, identity: info.identity)
                info.deletedCount = deletions.deletedCount
                info.deletionGeneration = generation
            }
            infos.append(info)
        }
        let commit = Commit(generation: generation, nextSegmentNumber: nextSegmentNumber, settings: lastCommit.settings,
                            segments: infos, userData: userData, userFiles: userFiles)
        try commit.write(to: directory)
        lastCommit = commit
        segments = infos
        pendingDeletions = [:]
        createdFiles = []
        readers = readers.filter { name, reader in
            infos.contains { $0.name == name && $0.deletionGeneration == reader.info.deletionGeneration }
        }
        let current = Set(infos.map { "\($0.name)_\($0.deletionGeneration)" })
        documentTables = documentTables.filter { current.contains($0.key) }
        tableLoads = tableLoads.filter { current.contains($0.key) }
        try? removeUnreferencedFiles(keeping: Set(commit.fileNames))
        return commit
    }

    /// Abandons uncommitted changes, deletes their files, and releases the lock.
    public func rollback() {
        rollbackKeepingLock()?.release()
    }

    /// Abandons uncommitted changes and deletes their files like `rollback`, but hands the write lock to
    /// the caller (for a new writer's `heldLock`) instead of releasing it; nil when no lock is held.
    @discardableResult
    public func rollbackKeepingLock() -> DirectoryLock? {
        guard let held = lock else { return nil }
        // The merge thread must be done writing before its files are deleted.
        _ = try? backgroundMerge?.result()
        backgroundMerge = nil
        // Reads started ahead end before the writer lets go of the index.
        _ = try? encodingLookup?.result.get()
        encodingLookup = nil
        for load in tableLoads.values { _ = try? load.get() }
        tableLoads = [:]
        for file in createdFiles { try? directory.delete(file) }
        createdFiles = []
        builder = SegmentBuilder()
        storedEncoding.reset()
        lock = nil
        return held
    }

    /// Commits nothing further; releases the lock (uncommitted changes are dropped).
    public func close() { rollback() }

    /// Throws `IndexError.notAnIndexFolder` when `directory` holds no commit but holds something an index
    /// folder would not (see `IndexFiles.mayPrecedeIndex`): a writer creates an index only in an empty
    /// folder or one that already is an index, so its cleanup can never remove a user's files.
    private static func requireIndexFolder(_ directory: Directory) throws {
        let names = try directory.listFiles()
        guard !names.contains(where: { IndexFiles.commitGeneration($0) != nil }),
              let foreign = names.first(where: { !IndexFiles.mayPrecedeIndex($0) }) else { return }
        throw IndexError.notAnIndexFolder(path: directory.path, example: foreign)
    }

    /// Deletes index files that `keep` does not name (leftovers of old commits or killed runs).
    private func removeUnreferencedFiles(keeping keep: Set<String>) throws {
        for name in try directory.listFiles() where !keep.contains(name) && IndexFiles.isIndexFile(name) {
            try directory.delete(name)
        }
    }
}

/// A written segment builder on its way to be freed (a class, so the releasing thread drops the only copy).
private final class WrittenBuilder: @unchecked Sendable {
    var builder: SegmentBuilder?
    init(_ builder: SegmentBuilder) { self.builder = builder }
}
