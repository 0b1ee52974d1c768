/// What a walk over a sorted term dictionary does after visiting a term (see
/// `SegmentReader.walkTerms`): go on with the next term, skip every following term that starts with
/// the first `prefixLength` bytes of the visited one, or stop.
///
/// Skipping is what makes a dictionary walk for fuzzy matching cheap: once a prefix is too far from the
/// query word, no term that starts with it can come close, and the walk jumps past them all.
public enum TermWalkStep: Equatable, Sendable {
    case next
    case skip(prefixLength: Int)
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
