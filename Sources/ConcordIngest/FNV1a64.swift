/// 64-bit FNV-1a hash, written out so values are identical across runs, processes and platforms
/// (unlike `Hasher`, which is randomly seeded per process).
///
/// `h = 0xcbf29ce484222325; for each byte b: h = (h ^ b) &* 0x100000001b3`.
struct FNV1a64 {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x0000_0100_0000_01b3

    private(set) var value: UInt64 = FNV1a64.offsetBasis

    mutating func combine<Bytes: Sequence>(bytes: Bytes) where Bytes.Element == UInt8 {
        var hash = value
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* FNV1a64.prime
        }
        value = hash
    }

    mutating func combine(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* FNV1a64.prime
    }

    /// Hashes a field unambiguously: its UTF-8 length as 8 little-endian bytes, then its UTF-8 bytes, so that
    /// `("ab", "c")` and `("a", "bc")` differ.
    mutating func combine(field: String) {
        var length = UInt64(field.utf8.count).littleEndian
        withUnsafeBytes(of: &length) { combine(bytes: $0) }
        // Over the contiguous UTF-8 buffer when there is one (a native string): several times faster than
        // iterating the UTF-8 view, and this hashes every byte of every record.
        if field.utf8.withContiguousStorageIfAvailable({ combine(buffer: $0) }) == nil { combine(bytes: field.utf8) }
    }

    mutating func combine(buffer: UnsafeBufferPointer<UInt8>) {
        var hash = value
        for byte in buffer {
            hash = (hash ^ UInt64(byte)) &* FNV1a64.prime
        }
        value = hash
    }

    /// Hashes an optional field: a presence byte (0 absent, 1 present), then the field when present.
    mutating func combine(optionalField: String?) {
        guard let optionalField else {
            combine(byte: 0)
            return
        }
        combine(byte: 1)
        combine(field: optionalField)
    }

    static func hash<Bytes: Sequence>(bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hasher = FNV1a64()
        hasher.combine(bytes: bytes)
        return hasher.value
    }
}
