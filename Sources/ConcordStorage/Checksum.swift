import CZlib

/// CRC-32 (the zlib/IEEE polynomial), computed by the system's zlib.
public struct Checksum {
    public private(set) var value: UInt32 = 0

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var start = base.assumingMemoryBound(to: UInt8.self)
        var remaining = bytes.count
        var crc = UInt(value)
        while remaining > 0 {
            let chunk = min(remaining, Int(UInt32.max >> 1))
            crc = crc32(crc, start, UInt32(chunk))
            start += chunk
            remaining -= chunk
        }
        value = UInt32(truncatingIfNeeded: crc)
    }

    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var checksum = Checksum()
        checksum.update(bytes)
        return checksum.value
    }
}
