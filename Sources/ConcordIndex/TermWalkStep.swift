/// What a walk over a sorted term dictionary does after visiting a term (see
/// `SegmentReader.walkTerms`): go on with the next term, skip every following term that starts with
/// the first `prefixLength` bytes of the visited one, skip only those of them whose next byte is an
/// ASCII byte outside a set (`skipExtensions`), or stop.
///
/// Skipping is what makes a dictionary walk for fuzzy matching cheap: once a prefix is too far from the
/// query word, no term that starts with it can come close, and the walk jumps past them all.
public enum TermWalkStep: Equatable, Sendable {
    case next
    case skip(prefixLength: Int)
    /// Skip every following term that starts with the first `prefixLength` bytes of the visited term and
    /// goes on with an ASCII byte `kept` does not hold; the first term that does not (a non-ASCII byte
    /// there included) ends the skip and is visited.
    case skipExtensions(prefixLength: Int, kept: ASCIIByteSet)
    case stop

    /// The smallest byte string greater than every string that starts with `prefix`, nil when there is
    /// none (`prefix` empty or all 0xFF bytes).
    public static func successor(of prefix: some Collection<UInt8>) -> [UInt8]? {
        var bytes = Array(prefix)
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return bytes
            }
            bytes.removeLast()
        }
        return nil
    }
}

/// A set of ASCII bytes (a 128-bit mask); a byte from 0x80 up is always in it.
public struct ASCIIByteSet: Equatable, Sendable {
    @usableFromInline var low: UInt64 = 0
    @usableFromInline var high: UInt64 = 0

    public init() {}

    /// The ASCII scalars among `scalars`.
    public init(_ scalars: some Sequence<Unicode.Scalar>) {
        for scalar in scalars where scalar.value < 0x80 { insert(UInt8(scalar.value)) }
    }

    public mutating func insert(_ byte: UInt8) {
        if byte < 64 { low |= 1 << UInt64(byte) } else if byte < 128 { high |= 1 << UInt64(byte - 64) }
    }

    @inlinable @inline(__always)
    public func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 ? high & (1 << UInt64(byte - 64)) != 0 : true
    }
}
