/// A set of 64-bit id hashes reduced to a bitmap, for the scans that look for a few ids among every id of
/// an index or corpus: `mayContain` is one bit test (no false negatives; about one false positive in 32
/// for hashes not in the set), so each scanned id costs its hash and a load, and only likely matches go
/// on to the exact test. `Set<UInt64>.contains` hashes the hash again with SipHash, several times slower.
public struct IDHashFilter: Sendable {
    private var words: [UInt64]
    private let mask: UInt64

    /// A filter holding `hashes` (at least 32 bits per hash, at least 4,096 bits).
    public init<Hashes: Sequence>(_ hashes: Hashes) where Hashes.Element == UInt64 {
        let values = Array(hashes)
        var bits = 4096
        while bits < values.count * 32 { bits <<= 1 }
        words = [UInt64](repeating: 0, count: bits / 64)
        mask = UInt64(bits - 1)
        for hash in values {
            let bit = Self.bit(hash, mask)
            words[Int(bit >> 6)] |= 1 << (bit & 63)
        }
    }

    /// False only when `hash` is certainly not in the filter.
    @inline(__always)
    public func mayContain(_ hash: UInt64) -> Bool {
        let bit = Self.bit(hash, mask)
        return words[Int(bit >> 6)] & (1 << (bit & 63)) != 0
    }

    /// The bit of `hash`: its halves folded together, so that every bit of the hash counts.
    @inline(__always)
    private static func bit(_ hash: UInt64, _ mask: UInt64) -> UInt64 {
        (hash ^ (hash >> 29) ^ (hash >> 47)) & mask
    }
}
