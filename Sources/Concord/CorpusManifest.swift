import ConcordIngest
import ConcordStorage

/// What the index knows about each corpus file as of a commit: its size, modification time and content
/// hash (for the cheap no-change check), the ids and lines of its records (so duplicates resolve the same
/// way without re-reading it), and its diagnostics (so problems in an unchanged file are reported again).
///
/// Stored as the commit's user data:
///
///     Manifest := "CM" | version:u8 | rawLength:VInt | zstd(Raw)
///     Raw      := fileCount:VInt | File × fileCount
///     File     := path:String | size:VInt | mtime:u64 | hash:u64 | recordCount:VInt | (id:String | line:VInt) × recordCount
///                 | diagnosticCount:VInt | (severity:u8 | line:VInt | message:String) × diagnosticCount
///     (line 0 = none)
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
        var records: [Record]
        var diagnostics: [CorpusDiagnostic]
    }

    var entries: [Entry] = []

    static let version: UInt8 = 1

    func encoded() -> [UInt8] {
        var raw = ByteWriter(capacity: 1024)
        raw.writeVInt(entries.count)
        for entry in entries {
            raw.writeString(entry.path)
            raw.writeVInt(UInt64(max(entry.size, 0)))
            raw.writeU64(UInt64(bitPattern: entry.modificationTime))
            raw.writeU64(entry.contentHash)
            raw.writeVInt(entry.records.count)
            for record in entry.records {
                raw.writeString(record.id)
                raw.writeVInt(record.line ?? 0)
            }
            raw.writeVInt(entry.diagnostics.count)
            for diagnostic in entry.diagnostics {
                raw.writeU8(diagnostic.severity == .error ? 1 : 0)
                raw.writeVInt(diagnostic.line ?? 0)
                raw.writeString(diagnostic.message)
            }
        }
        var out = ByteWriter(capacity: raw.count / 3 + 16)
        out.writeBytes(Array("CM".utf8))
        out.writeU8(Self.version)
        out.writeVInt(raw.count)
        out.writeBytes(raw.bytes.withUnsafeBytes { Compression.compress($0) })
        return out.bytes
    }

    init(entries: [Entry] = []) { self.entries = entries }

    init(decoding bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        do {
            try bytes.withUnsafeBytes { buffer in
                var header = ByteReader(buffer, file: "commit user data")
                guard try header.readU8() == UInt8(ascii: "C"), try header.readU8() == UInt8(ascii: "M") else {
                    throw ConcordError.invalidManifest(reason: "bad magic")
                }
                guard try header.readU8() == Self.version else { throw ConcordError.invalidManifest(reason: "unknown version") }
                let rawLength = try header.readVInt(max: 1 << 31)
                let raw = try Compression.decompress(try header.readBytes(header.remaining), expectedSize: rawLength,
                                                     file: "commit user data")
                try raw.withUnsafeBytes { rawBuffer in
                    var reader = ByteReader(rawBuffer, file: "corpus manifest")
                    let count = try reader.readVInt(max: reader.remaining)
                    for _ in 0..<count {
                        let path = try reader.readString()
                        let size = Int64(try reader.readVInt(max: Int.max))
                        let mtime = Int64(bitPattern: try reader.readU64())
                        let hash = try reader.readU64()
                        let recordCount = try reader.readVInt(max: reader.remaining)
                        var records: [Record] = []
                        records.reserveCapacity(recordCount)
                        for _ in 0..<recordCount {
                            let id = try reader.readString()
                            let line = try reader.readVInt(max: Int.max)
                            records.append(Record(id: id, line: line == 0 ? nil : line))
                        }
                        let diagnosticCount = try reader.readVInt(max: reader.remaining)
                        var diagnostics: [CorpusDiagnostic] = []
                        for _ in 0..<diagnosticCount {
                            let severity: CorpusDiagnostic.Severity = try reader.readU8() == 1 ? .error : .warning
                            let line = try reader.readVInt(max: Int.max)
                            let message = try reader.readString()
                            diagnostics.append(CorpusDiagnostic(severity: severity, file: path, line: line == 0 ? nil : line, message: message))
                        }
                        entries.append(Entry(path: path, size: size, modificationTime: mtime, contentHash: hash,
                                             records: records, diagnostics: diagnostics))
                    }
                }
            }
        } catch let error as ConcordError {
            throw error
        } catch {
            throw ConcordError.invalidManifest(reason: "\(error)")
        }
    }
}
