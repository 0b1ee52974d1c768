/// An in-memory copy of the term dictionary's block index for binary search: for every block, the
/// first 8 bytes of its first term as a big-endian integer (shorter terms padded with zero bytes).
///
/// Keys are non-decreasing in term order, and two terms whose keys differ are ordered as their keys
/// are, so a search compares keys and reads a block's first term from the file only when the keys tie.
/// The array is built lazily, once the probes made without it add up to the number of blocks: a
/// process that looks up a few terms never pays for reading every block, and one that looks up many
/// pays at most about twice what its probes cost anyway. A dictionary whose blocks cannot all be
/// read keeps searching the file (its errors then come from the blocks a lookup touches).
/// Not thread-safe (like the segment reader that owns it).
final class TermBlockKeys {
    private(set) var keys: [UInt64]?
    private var probesBeforeBuilding: Int
    private var unavailable = false

    init(blockCount: Int) {
        probesBeforeBuilding = blockCount
    }

    /// The key of a term: its first 8 bytes, big-endian, zero-padded.
    @inline(__always)
    static func key(_ term: UnsafeRawBufferPointer) -> UInt64 {
        var key: UInt64 = 0
        let n = min(term.count, 8)
        for i in 0..<n { key |= UInt64(term[i]) << UInt64(56 - 8 * i) }
        return key
    }

    /// Counts `probes` file probes; returns true when it is time to build the keys.
    func countProbes(_ probes: Int) -> Bool {
        guard keys == nil, !unavailable else { return false }
        probesBeforeBuilding -= probes
        return probesBeforeBuilding <= 0
    }

    /// Builds the keys by reading each block's first term; a failure leaves them unbuilt for good.
    func build(blockCount: Int, firstTerm: (Int) throws -> UInt64) {
        var built: [UInt64] = []
        built.reserveCapacity(blockCount)
        do {
            for block in 0..<blockCount { built.append(try firstTerm(block)) }
            keys = built
        } catch {
            unavailable = true
        }
    }
}
