/// An append-only byte buffer with little-endian fixed-width and variable-length integer encodings.
///
/// VInt: 7 bits per byte, low groups first, high bit set on every byte but the last (1 byte below 128).
///
/// Every method is `@inlinable`: the segment builder and postings writer (another module) append a few
/// bytes per token, and a call per append would cost more than the append.
public struct ByteWriter {
    @usableFromInline var storage: [UInt8]

    /// The bytes written so far.
    @inlinable public var bytes: [UInt8] { storage }

    @inlinable
    public init(capacity: Int = 0) {
        storage = []
        storage.reserveCapacity(capacity)
    }

    @inlinable public var count: Int { storage.count }

    /// Bytes allocated (at least `count`), for memory accounting.
    @inlinable public var capacity: Int { storage.capacity }

    @inlinable
    public mutating func removeAll(keepingCapacity: Bool = true) {
        storage.removeAll(keepingCapacity: keepingCapacity)
    }

    @inlinable @inline(__always)
    public mutating func writeU8(_ value: UInt8) { storage.append(value) }

    @inlinable
    public mutating func writeU16(_ value: UInt16) {
        storage.append(UInt8(truncatingIfNeeded: value))
        storage.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    @inlinable
    public mutating func writeU32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { storage.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func writeU64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { storage.append(contentsOf: $0) }
    }

    @inlinable
    public mutating func writeDouble(_ value: Double) { writeU64(value.bitPattern) }

    @inlinable @inline(__always)
    public mutating func writeVInt(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            storage.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        storage.append(UInt8(v))
    }

    @inlinable @inline(__always)
    public mutating func writeVInt(_ value: Int) { writeVInt(UInt64(value)) }

    @inlinable
    public mutating func writeBytes<C: Collection>(_ data: C) where C.Element == UInt8 {
        storage.append(contentsOf: data)
    }

    @inlinable
    public mutating func writeBytes(_ data: UnsafeRawBufferPointer) {
        storage.append(contentsOf: data)
    }

    /// Writes a VInt byte length followed by the UTF-8 bytes.
    @inlinable
    public mutating func writeString(_ string: String) {
        var copy = string
        copy.withUTF8 { utf8 in
            writeVInt(utf8.count)
            storage.append(contentsOf: utf8)
        }
    }

    /// Overwrites four bytes at `offset` (for back-patching lengths).
    @inlinable
    public mutating func patchU32(_ value: UInt32, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for i in 0..<4 { storage[offset + i] = raw[i] }
        }
    }
}
