/// An append-only byte buffer with little-endian fixed-width and variable-length integer encodings.
///
/// VInt: 7 bits per byte, low groups first, high bit set on every byte but the last (1 byte below 128).
public struct ByteWriter {
    public private(set) var bytes: [UInt8]

    public init(capacity: Int = 0) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    public var count: Int { bytes.count }

    /// Bytes allocated (at least `count`), for memory accounting.
    public var capacity: Int { bytes.capacity }

    public mutating func removeAll(keepingCapacity: Bool = true) {
        bytes.removeAll(keepingCapacity: keepingCapacity)
    }

    @inline(__always)
    public mutating func writeU8(_ value: UInt8) { bytes.append(value) }

    public mutating func writeU16(_ value: UInt16) {
        bytes.append(UInt8(truncatingIfNeeded: value))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
    }

    public mutating func writeU32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func writeU64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func writeDouble(_ value: Double) { writeU64(value.bitPattern) }

    @inline(__always)
    public mutating func writeVInt(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    @inline(__always)
    public mutating func writeVInt(_ value: Int) { writeVInt(UInt64(value)) }

    public mutating func writeBytes<C: Collection>(_ data: C) where C.Element == UInt8 {
        bytes.append(contentsOf: data)
    }

    public mutating func writeBytes(_ data: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: data)
    }

    /// Writes a VInt byte length followed by the UTF-8 bytes.
    public mutating func writeString(_ string: String) {
        var copy = string
        copy.withUTF8 { utf8 in
            writeVInt(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Overwrites four bytes at `offset` (for back-patching lengths).
    public mutating func patchU32(_ value: UInt32, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for i in 0..<4 { bytes[offset + i] = raw[i] }
        }
    }
}
