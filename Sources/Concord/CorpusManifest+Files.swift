import ConcordIndex
import ConcordStorage

/// The manifest's files: a head with every corpus file's header, and one records file per corpus file.
/// They are user files of the commit (`IndexWriter.writeUserFile`): written before the commit, kept and
/// removed with it, covered by its atomicity, framed and checksummed like every index file, and never
/// opened by readers. The commit's user data names only the head:
///
///     UserData := "CM" | version:u8 (6) | head:String
///     manifest-<generation>      (format concord.manifest, version 2; version 1 the same)
///       Body       := rawLength:VInt | zstd(Raw)
///       Raw        := scanTime:u64 | fileCount:VInt | FileHeader × fileCount | documentCount:VInt
///                     | warningCount:VInt | (id:String | file:String | Diagnostic) × warningCount
///       FileHeader := path:String | size:VInt | mtime:u64 | hash:u64 | recordCount:VInt | records:String
///                     | diagnosticCount:VInt | Diagnostic × diagnosticCount
///       Diagnostic := severity:u8 | line:VInt | message:String        (line 0 = none)
///     manifest-<generation>-<k>  (format concord.manifest-records, version 2): records of one corpus file
///       Body       := rawLength:VInt | zstd(Record × recordCount)
///       Record     := sharedLength:VInt | suffix:String | lineDelta:VInt
///
/// Each id is front-coded against the one before it (`sharedLength` bytes of it, then `suffix`), and
/// each line (0 = none) is the zigzag-encoded difference from the previous record's (0 before the first),
/// so the sorted ids and consecutive lines of a typical file compress to little. (Version 1 records,
/// `id:String | line:VInt`, belong to indexes of format 2 or older, which are rebuilt, never read.)
///
/// `records` is the name of the records file ("" when the file has no records). A corpus file whose
/// records did not change keeps the records file of an earlier commit, so small changes to a large
/// corpus do not rewrite its record lists.
extension CorpusManifest {
    static let userDataVersion: UInt8 = 6
    static let headFormat = "concord.manifest"
    static let recordsFormat = "concord.manifest-records"
    static let fileVersion: UInt32 = 2

    /// Reads the manifest of the writer's last commit (file headers only; records on `loadRecords`).
    init(committedIn writer: IndexWriter) throws {
        try self.init(commit: writer.lastCommit, directory: writer.directory)
    }

    /// Reads the manifest of `commit` in `directory` (file headers only; records on `loadRecords`). Takes no
    /// lock: the files a commit names are never modified, and a reader of an older commit sees them until
    /// a writer removes that commit.
    init(commit: Commit, directory: Directory) throws {
        let files = CommitUserFiles(commit: commit, directory: directory)
        let userData = commit.userData
        guard !userData.isEmpty else { return }
        do {
            let head: String = try userData.withUnsafeBytes { buffer in
                var reader = ByteReader(buffer, file: "commit user data")
                guard try reader.readU8() == UInt8(ascii: "C"), try reader.readU8() == UInt8(ascii: "M") else {
                    throw ConcordError.invalidManifest(reason: "bad magic")
                }
                guard try reader.readU8() == Self.userDataVersion else { throw ConcordError.invalidManifest(reason: "unknown version") }
                return try reader.readString()
            }
            let raw = try Self.readCompressed(head, format: Self.headFormat, from: files)
            try raw.withUnsafeBytes { rawBuffer in
                var reader = ByteReader(rawBuffer, file: head)
                scanTime = Int64(bitPattern: try reader.readU64())
                let count = try reader.readVInt(max: reader.remaining)
                for _ in 0..<count {
                    let path = try reader.readString()
                    let size = Int64(try reader.readVInt(max: Int.max))
                    let mtime = Int64(bitPattern: try reader.readU64())
                    let hash = try reader.readU64()
                    let recordCount = try reader.readVInt(max: Int(Int32.max))
                    let recordsFile = try reader.readString()
                    let diagnosticCount = try reader.readVInt(max: reader.remaining)
                    var diagnostics: [CorpusDiagnostic] = []
                    for _ in 0..<diagnosticCount { diagnostics.append(try Self.readDiagnostic(file: path, from: &reader)) }
                    entries.append(Entry(path: path, size: size, modificationTime: mtime, contentHash: hash,
                                         recordCount: recordCount, records: [], diagnostics: diagnostics,
                                         recordsFile: recordsFile.isEmpty ? nil : recordsFile, recordsPending: recordCount > 0))
                }
                documentCount = try reader.readVInt(max: Int.max)
                let warningCount = try reader.readVInt(max: reader.remaining)
                for _ in 0..<warningCount {
                    let id = try reader.readString()
                    let file = try reader.readString()
                    duplicateWarnings.append(.init(id: id, diagnostic: try Self.readDiagnostic(file: file, from: &reader)))
                }
                guard reader.isAtEnd else { throw reader.corrupt("trailing bytes") }
            }
        } catch let error as ConcordError {
            throw error
        } catch {
            throw ConcordError.invalidManifest(reason: "\(error)")
        }
    }

    /// Writes the manifest's files for the writer's next commit, reusing the records file of every entry
    /// that still has one; returns the user data and the user files to commit. An entry whose records
    /// were never read (`recordsPending`) must keep its records file, which the last commit names.
    func write(to writer: IndexWriter) throws -> (userData: [UInt8], files: [String]) {
        let generation = writer.nextGeneration
        var recordsFiles: [String] = []
        for (k, entry) in entries.enumerated() {
            if !entry.recordsPending && entry.records.isEmpty {
                recordsFiles.append("")
            } else if let existing = entry.recordsFile, writer.lastCommit.userFiles.contains(existing) {
                recordsFiles.append(existing)
            } else if entry.recordsPending {
                throw ConcordError.invalidManifest(reason: "records of \(entry.path) neither read nor in the last commit")
            } else {
                let name = "\(IndexFiles.userFilePrefix)\(generation)-\(k)"
                var raw = ByteWriter(capacity: entry.records.count * 12)
                var previousID = ArraySlice<UInt8>()
                var previousLine = 0
                for r in entry.records.indices {
                    let id = entry.records.idBytes(at: r)
                    let shared = zip(previousID, id).prefix { $0 == $1 }.count
                    raw.writeVInt(shared)
                    raw.writeVInt(id.count - shared)
                    raw.writeBytes(id.dropFirst(shared))
                    let line = entry.records.line(at: r) ?? 0
                    let delta = line &- previousLine
                    raw.writeVInt(UInt64(bitPattern: Int64((delta << 1) ^ (delta >> 63))))
                    previousID = id
                    previousLine = line
                }
                try Self.writeCompressed(raw.bytes, name: name, format: Self.recordsFormat, to: writer)
                recordsFiles.append(name)
            }
        }
        var raw = ByteWriter(capacity: 1024)
        raw.writeU64(UInt64(bitPattern: scanTime))
        raw.writeVInt(entries.count)
        for (k, entry) in entries.enumerated() {
            raw.writeString(entry.path)
            raw.writeVInt(UInt64(max(entry.size, 0)))
            raw.writeU64(UInt64(bitPattern: entry.modificationTime))
            raw.writeU64(entry.contentHash)
            raw.writeVInt(entry.recordsPending ? entry.recordCount : entry.records.count)
            raw.writeString(recordsFiles[k])
            raw.writeVInt(entry.diagnostics.count)
            for diagnostic in entry.diagnostics { Self.write(diagnostic, to: &raw) }
        }
        raw.writeVInt(documentCount)
        raw.writeVInt(duplicateWarnings.count)
        for warning in duplicateWarnings {
            raw.writeString(warning.id)
            raw.writeString(warning.diagnostic.file)
            Self.write(warning.diagnostic, to: &raw)
        }
        let head = "\(IndexFiles.userFilePrefix)\(generation)"
        try Self.writeCompressed(raw.bytes, name: head, format: Self.headFormat, to: writer)
        var userData = ByteWriter(capacity: 32)
        userData.writeBytes(Array("CM".utf8))
        userData.writeU8(Self.userDataVersion)
        userData.writeString(head)
        var files = [head]
        var seen = Set<String>()
        for name in recordsFiles where !name.isEmpty && seen.insert(name).inserted { files.append(name) }
        return (userData.bytes, files)
    }

    static func readRecords(_ name: String, count: Int, from files: CommitUserFiles) throws -> RecordList {
        // Only this layout: a records file of version 1 belongs to an index of format 2 or older, which is rebuilt.
        let raw = try readCompressed(name, format: recordsFormat, versions: fileVersion...fileVersion, from: files)
        return try raw.withUnsafeBytes { buffer in
            var reader = ByteReader(buffer, file: name)
            var records = RecordList()
            // The count comes from file bytes: reserve no more than the records file can hold (2 bytes each at least).
            records.reserveCapacity(min(count, reader.remaining / 2))
            var id: [UInt8] = []
            var idIsASCII = true
            var line = 0
            for _ in 0..<count {
                let shared = try reader.readVInt(max: id.count)
                let suffix = try reader.readBytes(try reader.readVInt(max: reader.remaining))
                // Ids are mostly ASCII: a prefix of an ASCII id followed by ASCII bytes needs no UTF-8 check.
                let prefixIsASCII = idIsASCII || shared == 0
                id.removeSubrange(shared...)
                id.append(contentsOf: suffix)
                idIsASCII = prefixIsASCII && Self.isASCII(suffix)
                guard idIsASCII || String(validating: id, as: UTF8.self) != nil else { throw reader.corrupt("invalid UTF-8 in a record id") }
                let zigzag = try reader.readVInt()
                let delta = Int64(bitPattern: zigzag >> 1) ^ -Int64(bitPattern: zigzag & 1)
                let (next, overflow) = line.addingReportingOverflow(Int(delta))
                guard !overflow, next >= 0 else { throw reader.corrupt("record line out of range") }
                line = next
                id.withUnsafeBytes { records.append(id: $0, line: line == 0 ? nil : line) }
            }
            guard reader.isAtEnd else { throw reader.corrupt("more records than the manifest counts") }
            return records
        }
    }

    private static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        return high < 0x80
    }

    private static func readCompressed(_ name: String, format: String, versions: ClosedRange<UInt32> = 1...fileVersion,
                                       from files: CommitUserFiles) throws -> [UInt8] {
        let file = try files.open(name, format: format, versions: versions)
        var reader = file.reader()
        let rawLength = try reader.readVInt(max: 1 << 31)
        return try Compression.decompress(try reader.readBytes(reader.remaining), expectedSize: rawLength, file: name)
    }

    /// Level 3: the records of a whole corpus are compressed at the end of a full build, on the critical
    /// path (level 9 took 3× as long for 6% less: 29 ms against 8 ms for the Debian corpus's 63,000 records).
    private static func writeCompressed(_ raw: [UInt8], name: String, format: String, to writer: IndexWriter) throws {
        let compressed = try raw.withUnsafeBytes { try Compression.compress($0, level: 3) }
        try writer.writeUserFile(name, format: format, version: fileVersion) { out in
            out.writeVInt(raw.count)
            out.writeBytes(compressed)
        }
    }

    private static func write(_ diagnostic: CorpusDiagnostic, to out: inout ByteWriter) {
        out.writeU8(diagnostic.severity == .error ? 1 : 0)
        out.writeVInt(diagnostic.line ?? 0)
        out.writeString(diagnostic.message)
    }

    private static func readDiagnostic(file: String, from reader: inout ByteReader) throws -> CorpusDiagnostic {
        let severity: CorpusDiagnostic.Severity = try reader.readU8() == 1 ? .error : .warning
        let line = try reader.readVInt(max: Int.max)
        let message = try reader.readString()
        return CorpusDiagnostic(severity: severity, file: file, line: line == 0 ? nil : line, message: message)
    }
}

/// The user files one commit names, opened from its folder (framing and checksum verified).
struct CommitUserFiles {
    let commit: Commit
    let directory: Directory

    func open(_ name: String, format: String, versions: ClosedRange<UInt32>) throws -> FramedFile {
        guard commit.userFiles.contains(name) else { throw StorageError.notFound(file: name) }
        return try FramedFile(directory: directory, name: name, format: format, versions: versions)
    }
}
