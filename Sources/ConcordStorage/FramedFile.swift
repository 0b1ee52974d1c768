/// A view of a file written by `FramedFileWriter`, checked before `body` is handed out:
///
/// - always: the header's magic, format name and version (a version outside `versions` is
///   `StorageError.unsupportedVersion`), the segment identity when the caller names one, the footer's
///   magic and the file length the footer records (so a truncated or extended file is refused);
/// - when `verifyChecksum` is true: the CRC-32 of the whole file.
///
/// Without the CRC (how searches open segment files, to keep opening cheap), damage inside the body is
/// not noticed here; every reader decodes the body with bounds and range checks, so damage then gives
/// `StorageError.corrupt` or a wrong answer, never a trap, and `concord check` (which verifies every
/// CRC) reports it. Any failure is a `StorageError` naming the file.
public struct FramedFile {
    public static let headerMagic: [UInt8] = Array("CNCD".utf8)
    public static let footerMagic: [UInt8] = Array("DCNC".utf8)
    /// "DCNC" | fileLength:u64 | crc32:u32
    public static let footerSize = 16

    public let file: ReadableFile
    public let version: UInt32
    /// The identity written in the header (`FileIdentity.none` for files of no segment).
    public let identity: FileIdentity
    /// The bytes between header and footer.
    public let body: UnsafeRawBufferPointer

    public var name: String { file.name }

    public init(directory: Directory, name: String, format: String, versions: ClosedRange<UInt32>,
                identity: FileIdentity? = nil, verifyChecksum: Bool = true, acceptsFormatOneFraming: Bool = false) throws {
        try self.init(file: directory.openInput(name), format: format, versions: versions, identity: identity,
                      verifyChecksum: verifyChecksum, acceptsFormatOneFraming: acceptsFormatOneFraming)
    }

    /// `acceptsFormatOneFraming`: a file whose header says version 1 is read with index format 1's framing
    /// (no identity, footer `"DCNC" | crc32`); only the commit asks for it, to keep an old index's settings.
    public init(file: ReadableFile, format: String, versions: ClosedRange<UInt32>, identity expected: FileIdentity? = nil,
                verifyChecksum: Bool = true, acceptsFormatOneFraming: Bool = false) throws {
        self.file = file
        let bytes = file.bytes
        let name = file.name
        // Header and footer are checked on the file's copies of its first and last bytes (`head`,
        // `tail`), so opening maps no page; only the checksum reads the whole file.
        let head = file.head, tail = file.tail
        // The part of the header every version shares: magic, format name, version.
        let commonHeaderSize = 4 + 1 + format.utf8.count + 4
        guard bytes.count >= commonHeaderSize, head.count >= commonHeaderSize else {
            throw StorageError.corrupt(file: name, reason: "truncated: \(bytes.count) bytes is shorter than the header")
        }
        guard head.prefix(4).elementsEqual(Self.headerMagic) else {
            throw StorageError.corrupt(file: name, reason: "not a Concord index file (bad header magic)")
        }
        var reader = ByteReader(head, file: name, offset: 4)
        let nameLength = Int(try reader.readU8())
        let storedFormat = String(decoding: try reader.readBytes(nameLength), as: UTF8.self)
        guard storedFormat == format else {
            throw StorageError.corrupt(file: name, reason: "format is \"\(storedFormat)\", expected \"\(format)\"")
        }
        let version = try reader.readU32()
        guard versions.contains(version) else {
            throw StorageError.unsupportedVersion(file: name, version: version, supported: versions)
        }
        if version == 1 && acceptsFormatOneFraming {
            guard bytes.count >= reader.offset + 8, tail.count >= 8,
                  tail[(tail.count - 8)..<(tail.count - 4)].elementsEqual(Self.footerMagic)
            else { throw StorageError.corrupt(file: name, reason: "truncated or damaged: footer missing") }
            if verifyChecksum { try Self.verifyChecksum(bytes, file: name) }
            self.version = version
            self.identity = .none
            self.body = UnsafeRawBufferPointer(rebasing: bytes[reader.offset..<(bytes.count - 8)])
            return
        }
        guard bytes.count >= reader.offset + FileIdentity.byteCount + Self.footerSize, tail.count == Self.footerSize else {
            throw StorageError.corrupt(file: name, reason: "truncated: \(bytes.count) bytes is shorter than header and footer")
        }
        let identity = try FileIdentity(reading: &reader)
        if let expected, identity != expected {
            throw StorageError.corrupt(file: name, reason: "belongs to another segment (its segment id is \(identity), "
                                       + "the commit expects \(expected)): a file copied or renamed from elsewhere")
        }
        guard tail.prefix(4).elementsEqual(Self.footerMagic) else {
            throw StorageError.corrupt(file: name, reason: "truncated or damaged: footer missing")
        }
        let recordedLength = UInt64(littleEndian: tail.loadUnaligned(fromByteOffset: 4, as: UInt64.self))
        guard recordedLength == UInt64(bytes.count) else {
            throw StorageError.corrupt(file: name, reason: "the footer records \(recordedLength) bytes, the file has \(bytes.count)")
        }
        if verifyChecksum {
            try Self.verifyChecksum(bytes, file: name)
        }
        self.version = version
        self.identity = identity
        self.body = UnsafeRawBufferPointer(rebasing: bytes[reader.offset..<(bytes.count - Self.footerSize)])
    }

    /// Verifies the CRC-32 in the footer against the whole file.
    public func verifyChecksum() throws {
        try Self.verifyChecksum(file.bytes, file: name)
    }

    private static func verifyChecksum(_ bytes: UnsafeRawBufferPointer, file name: String) throws {
        let crcOffset = bytes.count - 4
        let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: crcOffset, as: UInt32.self))
        let actual = Checksum.of(UnsafeRawBufferPointer(rebasing: bytes[0..<crcOffset]))
        guard stored == actual else {
            throw StorageError.corrupt(file: name, reason: "checksum mismatch (stored \(hex(stored)), computed \(hex(actual)))")
        }
    }

    /// A reader over the body; offsets are relative to the body's start.
    public func reader() -> ByteReader { ByteReader(body, file: name, owner: file) }
}

func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
