/// Writes one index file with Concord's common frame: a header naming the format, its version and the
/// segment the file belongs to, the body, and a footer recording the file's length and a CRC-32 of
/// everything before it.
///
///     File   := Header Body Footer
///     Header := magic "CNCD" | nameLength:u8 | name:ASCII | version:u32 | identity:16 bytes
///     Footer := magic "DCNC" | fileLength:u64 | crc32:u32   (CRC of everything before it)
///
/// A file is complete only after `finish()`, which writes the footer, closes and syncs it: a file
/// without its footer is never trusted by `FramedFile`.
public final class FramedFileWriter {
    public let name: String
    private let directory: Directory
    private let output: WritableFile
    private var buffer = ByteWriter(capacity: 1 << 16)
    private var checksum = Checksum()
    private var flushedBytes = 0
    private var finished = false

    /// `identity` is the segment the file belongs to (`FileIdentity.none` for a file of no segment);
    /// readers that expect a segment refuse a file with another identity.
    public init(directory: Directory, name: String, format: String, version: UInt32, identity: FileIdentity = .none) throws {
        precondition(format.utf8.count < 256, "format names are short ASCII literals")
        self.name = name
        self.directory = directory
        self.output = try directory.createOutput(name)
        buffer.writeBytes(FramedFile.headerMagic)
        buffer.writeU8(UInt8(format.utf8.count))
        buffer.writeBytes(Array(format.utf8))
        buffer.writeU32(version)
        identity.write(to: &buffer)
    }

    /// Bytes written so far, header included.
    public var position: Int { flushedBytes + buffer.count }

    /// Appends bytes through `body`, flushing to the file when the buffer grows large.
    public func write(_ body: (inout ByteWriter) -> Void) throws {
        body(&buffer)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func write(_ bytes: [UInt8]) throws {
        try write { $0.writeBytes(bytes) }
    }

    private func flush() throws {
        guard buffer.count > 0 else { return }
        try buffer.bytes.withUnsafeBytes { raw in
            checksum.update(raw)
            try output.write(raw)
        }
        flushedBytes += buffer.count
        buffer.removeAll()
    }

    /// Writes the footer, closes and syncs the file. Returns its size in bytes.
    @discardableResult
    public func finish() throws -> Int {
        precondition(!finished, "finish() called twice")
        finished = true
        buffer.writeBytes(FramedFile.footerMagic)
        buffer.writeU64(UInt64(flushedBytes + buffer.count + 8 + 4))
        buffer.bytes.withUnsafeBytes { raw in
            // The CRC covers everything before it, including the footer magic and the length.
            checksum.update(raw)
        }
        let crc = checksum.value
        buffer.writeU32(crc)
        try buffer.bytes.withUnsafeBytes { try output.write($0) }
        flushedBytes += buffer.count
        buffer.removeAll()
        try output.close()
        try directory.sync([name])
        return flushedBytes
    }

    /// Writes a whole file at once: header, the bytes `body` appends, footer, sync. On failure the
    /// partial file is closed and deleted before the error is rethrown. Returns the file's size.
    @discardableResult
    public static func writeFile(directory: Directory, name: String, format: String, version: UInt32,
                                 identity: FileIdentity = .none, _ body: (inout ByteWriter) -> Void) throws -> Int {
        let file = try FramedFileWriter(directory: directory, name: name, format: format, version: version, identity: identity)
        do {
            try file.write(body)
            return try file.finish()
        } catch {
            file.abandon()
            try? directory.delete(name)
            throw error
        }
    }

    /// Abandons a partly written file (closes it; the caller deletes it).
    public func abandon() {
        if !finished { finished = true; try? output.close() }
    }
}
