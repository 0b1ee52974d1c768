/// A bounds-checked cursor over immutable bytes. Every read past the end throws `StorageError.corrupt`
/// naming `file`, so truncated or garbled input gives an error, never a crash.
///
/// `owner`, when given, is kept alive as long as the reader: the object whose memory `bytes` points
/// into (a mapped file), so the mapping cannot be released while the reader still reads it.
///
/// The reads are `@inlinable`: the postings and dictionary decoders in other modules call them per
/// byte, and without cross-module optimization a call per read would dominate their loops.
public struct ByteReader {
    public let bytes: UnsafeRawBufferPointer
    public let file: String
    public var offset: Int
    private let owner: AnyObject?

    public init(_ bytes: UnsafeRawBufferPointer, file: String, offset: Int = 0, owner: AnyObject? = nil) {
        self.bytes = bytes
        self.file = file
        self.offset = offset
        self.owner = owner
    }

    @inlinable
    public var remaining: Int { bytes.count - offset }
    @inlinable
    public var isAtEnd: Bool { offset >= bytes.count }

    public func corrupt(_ reason: String) -> StorageError {
        .corrupt(file: file, reason: "\(reason) (at byte \(offset))")
    }

    /// The error of a read past the end (kept out of line: only the inlined fast paths call it).
    @usableFromInline @inline(never)
    func endOfData(_ what: String) -> StorageError { corrupt(what) }

    @inlinable @inline(__always)
    public mutating func readU8() throws -> UInt8 {
        guard offset < bytes.count else { throw endOfData("unexpected end of data") }
        let value = bytes[offset]
        offset += 1
        return value
    }

    @inlinable
    public mutating func readU16() throws -> UInt16 {
        guard offset + 2 <= bytes.count else { throw endOfData("unexpected end of data") }
        let value = UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        offset += 2
        return value
    }

    @inlinable
    public mutating func readU32() throws -> UInt32 {
        guard offset + 4 <= bytes.count else { throw endOfData("unexpected end of data") }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        offset += 4
        return UInt32(littleEndian: value)
    }

    @inlinable
    public mutating func readU64() throws -> UInt64 {
        guard offset + 8 <= bytes.count else { throw endOfData("unexpected end of data") }
        let value = bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
        offset += 8
        return UInt64(littleEndian: value)
    }

    /// Reads a u64 and checks it fits `limit` (inclusive), for counts and offsets taken from file bytes.
    @inlinable
    public mutating func readU64(max limit: Int) throws -> Int {
        let value = try readU64()
        guard value <= UInt64(limit) else { throw endOfData("value \(value) exceeds its limit \(limit)") }
        return Int(value)
    }

    public mutating func readDouble() throws -> Double { Double(bitPattern: try readU64()) }

    @inlinable @inline(__always)
    public mutating func readVInt() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw endOfData("unexpected end of data in a varint") }
            let byte = bytes[offset]
            offset += 1
            // The tenth byte may carry only the 64th bit.
            if shift == 63 && byte > 1 { throw corrupt("varint longer than 64 bits") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// Reads a VInt and checks it fits `limit` (inclusive), for lengths and counts taken from file bytes.
    /// A negative limit (a limit computed from damaged offsets that already ran past their end) admits
    /// no value: it is an error, never a trap.
    @inlinable
    public mutating func readVInt(max limit: Int) throws -> Int {
        let value = try readVInt()
        guard limit >= 0, value <= UInt64(limit) else { throw endOfData("value \(value) exceeds its limit \(limit)") }
        return Int(value)
    }

    @inlinable
    public mutating func readBytes(_ count: Int) throws -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else { throw endOfData("length \(count) runs past the end") }
        let slice = UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
        offset += count
        return slice
    }

    /// Reads a VInt length and that many UTF-8 bytes. Invalid UTF-8 is an error.
    public mutating func readString() throws -> String {
        let length = try readVInt(max: remaining)
        let raw = try readBytes(length)
        guard let string = String(validating: raw.bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw corrupt("invalid UTF-8 in a string")
        }
        return string
    }

    @inlinable
    public mutating func skip(_ count: Int) throws {
        guard count >= 0, count <= remaining else { throw endOfData("skip of \(count) runs past the end") }
        offset += count
    }
}
