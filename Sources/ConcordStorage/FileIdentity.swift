/// Sixteen random bytes that name one segment (or one commit) for as long as it exists: written into
/// the header of every file of that segment and into the commit's entry for it, so a file copied or
/// renamed from another segment is recognised as foreign when it is opened.
///
/// Identities are drawn from the system's cryptographic random source; two segments never share one
/// in practice (2^128 values). `none` (all zero) marks a file that belongs to no segment.
public struct FileIdentity: Hashable, Sendable, CustomStringConvertible {
    public static let byteCount = 16
    public static let none = FileIdentity(high: 0, low: 0)

    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A fresh random identity.
    public static func random() -> FileIdentity {
        var generator = SystemRandomNumberGenerator()
        return FileIdentity(high: generator.next(), low: generator.next())
    }

    /// Reads 16 bytes (high word first, each little-endian).
    public init(reading reader: inout ByteReader) throws {
        high = try reader.readU64()
        low = try reader.readU64()
    }

    public func write(to writer: inout ByteWriter) {
        writer.writeU64(high)
        writer.writeU64(low)
    }

    /// 32 lowercase hex digits.
    public var description: String {
        func hex(_ value: UInt64) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: 16 - digits.count) + digits
        }
        return hex(high) + hex(low)
    }
}
