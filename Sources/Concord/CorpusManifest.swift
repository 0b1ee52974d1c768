import ConcordIndex
import ConcordIngest


/// What the index knows about each corpus file as of a commit: its size, modification time and content
/// hash (for the cheap no-change check), the ids and lines of its records (so duplicates resolve the same
/// way without re-reading it), and its diagnostics (so problems in an unchanged file are reported again),
/// plus the duplicate-id warnings and document count of the whole corpus.
///
/// Stored in user files of the commit (`CorpusManifest+Files.swift`), never in the commit file itself:
/// readers load the commit at every open and never need the manifest. The record lists of each corpus
/// file live in their own file, which later commits keep as long as that corpus file does not change,
/// so adding one file to a large corpus writes only the small head and that file's records.
struct CorpusManifest: Equatable {
    struct Record: Equatable {
        var id: String
        var line: Int?
    }

    struct Entry: Equatable {
        var path: String
        var size: Int64
        var modificationTime: Int64
        var contentHash: UInt64
        var recordCount: Int
        /// Empty while `recordsPending` (a decoded manifest's entry until `loadRecords`).
        var records: RecordList
        var diagnostics: [CorpusDiagnostic]
        /// The user file that holds `records` as of the last commit (nil for a file read in this run).
        /// Not part of equality: it says where the records are, not what they are.
        var recordsFile: String? = nil
        /// True while `records` (`recordCount` > 0 of them) are still only in `recordsFile`: a decoded
        /// manifest reads the record lists it needs, not every one (`loadRecords`).
        var recordsPending = false

        static func == (a: Entry, b: Entry) -> Bool {
            a.path == b.path && a.size == b.size && a.modificationTime == b.modificationTime && a.contentHash == b.contentHash
                && a.recordCount == b.recordCount && a.records == b.records && a.diagnostics == b.diagnostics
                // Records not read are equal only when they are the very same records file.
                && a.recordsPending == b.recordsPending && (!a.recordsPending || a.recordsFile == b.recordsFile)
        }
    }

    var entries: [Entry] = []
    var duplicateWarnings: [DuplicateResolution.Warning] = []
    var documentCount = 0
    /// When the corpus was listed for this manifest (ns since 1970), or a later time at which every file
    /// modified close to the listing was confirmed unchanged (`CorpusIndexer.confirmedScanTime`). A file
    /// modified shortly before it may have changed again in the same clock tick, so its unchanged size
    /// and time prove nothing.
    var scanTime: Int64 = 0

    /// Whether every entry's records are in memory.
    var recordsLoaded: Bool { !entries.contains(where: \.recordsPending) }

    init(entries: [Entry] = [], duplicateWarnings: [DuplicateResolution.Warning] = [], documentCount: Int = 0, scanTime: Int64 = 0) {
        self.scanTime = scanTime
        self.entries = entries
        self.duplicateWarnings = duplicateWarnings
        self.documentCount = documentCount
    }

    /// Reads the record lists of every entry.
    mutating func loadRecords(from writer: IndexWriter) throws {
        try loadRecords(from: CommitUserFiles(commit: writer.lastCommit, directory: writer.directory))
    }

    /// Reads the record lists of every entry from the commit's user files.
    mutating func loadRecords(from files: CommitUserFiles) throws {
        try loadRecords(of: entries.indices, from: files)
    }

    /// Reads the record lists of the entries at `indices` (those already read are skipped); returns how
    /// many record lists were read.
    @discardableResult
    mutating func loadRecords<Indices: Sequence>(of indices: Indices, from writer: IndexWriter) throws -> Int
        where Indices.Element == Int {
        try loadRecords(of: indices, from: CommitUserFiles(commit: writer.lastCommit, directory: writer.directory))
    }

    @discardableResult
    mutating func loadRecords<Indices: Sequence>(of indices: Indices, from files: CommitUserFiles) throws -> Int
        where Indices.Element == Int {
        var read = 0
        do {
            for e in indices where entries[e].recordsPending {
                guard let name = entries[e].recordsFile else { throw ConcordError.invalidManifest(reason: "records of \(entries[e].path) missing") }
                entries[e].records = try Self.readRecords(name, count: entries[e].recordCount, from: files)
                entries[e].recordsPending = false
                read += 1
            }
        } catch let error as ConcordError {
            throw error
        } catch {
            throw ConcordError.invalidManifest(reason: "\(error)")
        }
        return read
    }
}
