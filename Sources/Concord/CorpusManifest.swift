import ConcordIngest
import ConcordStorage

/// What the index knows about each corpus file as of a commit: its size, modification time and content
/// hash (for the cheap no-change check), the ids and lines of its records (so duplicates resolve the same
/// way without re-reading it), and its diagnostics (so problems in an unchanged file are reported again),
/// plus the duplicate-id warnings and document count of the whole corpus.
///
/// Stored as the commit's user data. Record lists come last so that a run that finds nothing changed
/// decodes only the file headers:
///
///     Manifest := "CM" | version:u8 | rawLength:VInt | zstd(Raw)
///     Raw      := scanTime:u64 | fileCount:VInt | FileHeader × fileCount | documentCount:VInt
///                 | warningCount:VInt | (id:String | file:String | Diagnostic) × warningCount | Records × fileCount
///     FileHeader := path:String | size:VInt | mtime:u64 | hash:u64 | recordCount:VInt
///                   | diagnosticCount:VInt | Diagnostic × diagnosticCount
///     Diagnostic := severity:u8 | line:VInt | message:String        (line 0 = none)
///     Records  := (id:String | line:VInt) × recordCount
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
        /// Empty until `loadRecords()` for a decoded manifest.
        var records: [Record]
        var diagnostics: [CorpusDiagnostic]
    }

    var entries: [Entry] = []
    var duplicateWarnings: [DuplicateResolution.Warning] = []
    var documentCount = 0
    /// When the corpus was listed for this manifest (ns since 1970). A file modified within a second of
    /// it may have changed again in the same clock tick, so its unchanged size and time prove nothing.
    var scanTime: Int64 = 0
    private var rawRecords: [UInt8] = []
    private(set) var recordsLoaded = true

    static let version: UInt8 = 5

    init(entries: [Entry] = [], duplicateWarnings: [DuplicateResolution.Warning] = [], documentCount: Int = 0, scanTime: Int64 = 0) {
        self.scanTime = scanTime
        self.entries = entries
        self.duplicateWarnings = duplicateWarnings
        self.documentCount = documentCount
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

    func encoded() throws -> [UInt8] {
        precondition(recordsLoaded, "load the records before re-encoding a decoded manifest")
        var raw = ByteWriter(capacity: 1024)
        raw.writeU64(UInt64(bitPattern: scanTime))
        raw.writeVInt(entries.count)
        for entry in entries {
            raw.writeString(entry.path)
            raw.writeVInt(UInt64(max(entry.size, 0)))
            raw.writeU64(UInt64(bitPattern: entry.modificationTime))
            raw.writeU64(entry.contentHash)
            raw.writeVInt(entry.records.count)
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
        for entry in entries {
            for record in entry.records {
                raw.writeString(record.id)
                raw.writeVInt(record.line ?? 0)
            }
        }
        var out = ByteWriter(capacity: raw.count / 3 + 16)
        out.writeBytes(Array("CM".utf8))
        out.writeU8(Self.version)
        out.writeVInt(raw.count)
        out.writeBytes(try raw.bytes.withUnsafeBytes { try Compression.compress($0) })
        return out.bytes
    }

    init(decoding bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        do {
            let raw: [UInt8] = try bytes.withUnsafeBytes { buffer in
                var header = ByteReader(buffer, file: "commit user data")
                guard try header.readU8() == UInt8(ascii: "C"), try header.readU8() == UInt8(ascii: "M") else {
                    throw ConcordError.invalidManifest(reason: "bad magic")
                }
                guard try header.readU8() == Self.version else { throw ConcordError.invalidManifest(reason: "unknown version") }
                let rawLength = try header.readVInt(max: 1 << 31)
                return try Compression.decompress(try header.readBytes(header.remaining), expectedSize: rawLength,
                                                  file: "commit user data")
            }
            let recordsStart: Int = try raw.withUnsafeBytes { rawBuffer in
                var reader = ByteReader(rawBuffer, file: "corpus manifest")
                scanTime = Int64(bitPattern: try reader.readU64())
                let count = try reader.readVInt(max: reader.remaining)
                for _ in 0..<count {
                    let path = try reader.readString()
                    let size = Int64(try reader.readVInt(max: Int.max))
                    let mtime = Int64(bitPattern: try reader.readU64())
                    let hash = try reader.readU64()
                    let recordCount = try reader.readVInt(max: reader.remaining)
                    let diagnosticCount = try reader.readVInt(max: reader.remaining)
                    var diagnostics: [CorpusDiagnostic] = []
                    for _ in 0..<diagnosticCount { diagnostics.append(try Self.readDiagnostic(file: path, from: &reader)) }
                    entries.append(Entry(path: path, size: size, modificationTime: mtime, contentHash: hash,
                                         recordCount: recordCount, records: [], diagnostics: diagnostics))
                }
                documentCount = try reader.readVInt(max: Int.max)
                let warningCount = try reader.readVInt(max: reader.remaining)
                for _ in 0..<warningCount {
                    let id = try reader.readString()
                    let file = try reader.readString()
                    duplicateWarnings.append(.init(id: id, diagnostic: try Self.readDiagnostic(file: file, from: &reader)))
                }
                return reader.offset
            }
            rawRecords = Array(raw[recordsStart...])
            recordsLoaded = entries.allSatisfy { $0.recordCount == 0 }
        } catch let error as ConcordError {
            throw error
        } catch {
            throw ConcordError.invalidManifest(reason: "\(error)")
        }
    }

    /// Decodes the record lists of every entry (needed once something in the corpus changed).
    mutating func loadRecords() throws {
        guard !recordsLoaded else { return }
        do {
            try rawRecords.withUnsafeBytes { buffer in
                var reader = ByteReader(buffer, file: "corpus manifest records")
                for e in entries.indices {
                    var records: [Record] = []
                    records.reserveCapacity(entries[e].recordCount)
                    for _ in 0..<entries[e].recordCount {
                        let id = try reader.readString()
                        let line = try reader.readVInt(max: Int.max)
                        records.append(Record(id: id, line: line == 0 ? nil : line))
                    }
                    entries[e].records = records
                }
            }
        } catch {
            throw ConcordError.invalidManifest(reason: "\(error)")
        }
        rawRecords = []
        recordsLoaded = true
    }
}
