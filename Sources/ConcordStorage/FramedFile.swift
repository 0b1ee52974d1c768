/// A verified view of a file written by `FramedFileWriter`: the header's magic, format name and version
/// are checked, the footer is present and (unless the caller opts out) the CRC-32 matches. Only then is
/// `body` handed out. Any failure is `StorageError.corrupt` naming the file.
public struct FramedFile {
    public static let headerMagic: [UInt8] = Array("CNCD".utf8)
    public static let footerMagic: [UInt8] = Array("DCNC".utf8)
    static let footerSize = 8

    public let file: ReadableFile
    public let version: UInt32
    /// The bytes between header and footer.
    public let body: UnsafeRawBufferPointer

    public var name: String { file.name }

    public init(directory: Directory, name: String, format: String, versions: ClosedRange<UInt32>,
                verifyChecksum: Bool = true) throws {
        try self.init(file: directory.openInput(name), format: format, versions: versions, verifyChecksum: verifyChecksum)
    }

    public init(file: ReadableFile, format: String, versions: ClosedRange<UInt32>, verifyChecksum: Bool = true) throws {
        self.file = file
        let bytes = file.bytes
        let name = file.name
        let headerSize = 4 + 1 + format.utf8.count + 4
        guard bytes.count >= headerSize + Self.footerSize else {
            throw StorageError.corrupt(file: name, reason: "truncated: \(bytes.count) bytes is shorter than header and footer")
        }
        guard bytes.prefix(4).elementsEqual(Self.headerMagic) else {
            throw StorageError.corrupt(file: name, reason: "not a Concord index file (bad header magic)")
        }
        var reader = ByteReader(bytes, file: name, offset: 4)
        let nameLength = Int(try reader.readU8())
        let storedFormat = String(decoding: try reader.readBytes(nameLength), as: UTF8.self)
        guard storedFormat == format else {
            throw StorageError.corrupt(file: name, reason: "format is \"\(storedFormat)\", expected \"\(format)\"")
        }
        let version = try reader.readU32()
        guard versions.contains(version) else {
            throw StorageError.corrupt(file: name, reason: "format version \(version) is not supported (supported: \(versions))")
        }
        let footerStart = bytes.count - Self.footerSize
        guard bytes[footerStart..<(footerStart + 4)].elementsEqual(Self.footerMagic) else {
            throw StorageError.corrupt(file: name, reason: "truncated or damaged: footer missing")
        }
        if verifyChecksum {
            let stored = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: footerStart + 4, as: UInt32.self))
            let actual = Checksum.of(UnsafeRawBufferPointer(rebasing: bytes[0..<(footerStart + 4)]))
            guard stored == actual else {
                throw StorageError.corrupt(file: name, reason: "checksum mismatch (stored \(hex(stored)), computed \(hex(actual)))")
            }
        }
        self.version = version
        self.body = UnsafeRawBufferPointer(rebasing: bytes[reader.offset..<footerStart])
    }

    /// A reader over the body; offsets are relative to the body's start.
    public func reader() -> ByteReader { ByteReader(body, file: name, owner: file) }
}

func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
}
