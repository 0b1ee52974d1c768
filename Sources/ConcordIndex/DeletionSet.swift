import ConcordStorage

/// Which documents of a segment are deleted: a bit set (`.del`), one generation per change, so a
/// commit always names a complete, immutable file.
///
///     Body := maxDoc:u32 | deletedCount:u32 | bits:u8 × ceil(maxDoc / 8)   (bit set = deleted)
public struct DeletionSet: Equatable, Sendable {
    static let format = "concord.deletions"
    static let version: UInt32 = IndexFormat.version

    public private(set) var maxDoc: Int
    public private(set) var deletedCount: Int
    @usableFromInline private(set) var bits: [UInt8]

    public init(maxDoc: Int) {
        self.maxDoc = maxDoc
        deletedCount = 0
        bits = [UInt8](repeating: 0, count: (maxDoc + 7) / 8)
    }

    @inlinable @inline(__always)
    public func isDeleted(_ doc: Int) -> Bool {
        bits[doc >> 3] & (1 << UInt8(doc & 7)) != 0
    }

    /// Calls `body` with every deleted document in `0..<maxDoc`, ascending, reading the bit set a word
    /// at a time (so a segment with few deletions costs maxDoc / 64 steps, not maxDoc).
    public func forEachDeleted(_ body: (Int) throws -> Void) rethrows {
        try bits.withUnsafeBytes { raw in
            let words = raw.count / 8
            for w in 0..<words {
                var word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8 * w, as: UInt64.self))
                while word != 0 {
                    let doc = 64 * w + word.trailingZeroBitCount
                    if doc < maxDoc { try body(doc) }
                    word &= word &- 1
                }
            }
            for i in (8 * words)..<raw.count {
                var byte = raw[i]
                while byte != 0 {
                    let doc = 8 * i + byte.trailingZeroBitCount
                    if doc < maxDoc { try body(doc) }
                    byte &= byte &- 1
                }
            }
        }
    }

    /// Marks `doc` deleted; returns false if it already was.
    @discardableResult
    public mutating func delete(_ doc: Int) -> Bool {
        if isDeleted(doc) { return false }
        bits[doc >> 3] |= 1 << UInt8(doc & 7)
        deletedCount += 1
        return true
    }

    func write(directory: Directory, name: String, identity: FileIdentity) throws {
        try FramedFileWriter.writeFile(directory: directory, name: name, format: Self.format, version: Self.version,
                                       identity: identity) { out in
            out.writeU32(UInt32(maxDoc))
            out.writeU32(UInt32(deletedCount))
            out.writeBytes(bits)
        }
    }

    /// Reads and fully verifies (CRC included: the file is small and read whole) a deletion file.
    init(directory: Directory, name: String, identity: FileIdentity, expectedMaxDoc: Int, expectedDeleted: Int) throws {
        let file = try FramedFile(directory: directory, name: name, format: Self.format, versions: IndexFormat.readableVersions,
                                  identity: identity)
        var reader = file.reader()
        maxDoc = Int(try reader.readU32())
        deletedCount = Int(try reader.readU32())
        guard maxDoc == expectedMaxDoc, deletedCount == expectedDeleted else {
            throw reader.corrupt("deletion counts disagree with the commit")
        }
        let raw = try reader.readBytes((maxDoc + 7) / 8)
        bits = Array(raw)
        let counted = bits.reduce(0) { $0 + $1.nonzeroBitCount }
        guard counted == deletedCount else { throw reader.corrupt("\(counted) bits set, header says \(deletedCount)") }
    }
}
