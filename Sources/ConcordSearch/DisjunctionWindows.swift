/// The per-window buffers of `DisjunctionCollector`, allocated and zeroed once per query and shared by
/// the collectors of its segments, one after another (never at the same time): every collector leaves
/// them zeroed as it found them (each window clears the bits and sums it set), so a segment after the
/// first does not clear them again.
final class DisjunctionWindows {
    /// Slots per window (`DisjunctionCollector.windowSize`) and 64-bit words of a bitset of them.
    let size: Int
    let words: Int
    /// Per slot: matched by any term, by an essential term, by the probed term (one bit each).
    let seen: UnsafeMutablePointer<UInt64>
    let essentialSeen: UnsafeMutablePointer<UInt64>
    let probedSeen: UnsafeMutablePointer<UInt64>
    /// Per slot: the summed bound of an essential match, then a candidate's score (in a window scored whole,
    /// every match's score).
    let sums: UnsafeMutablePointer<Double>
    /// Per candidate of a window (in candidate order, not zeroed): its three field lengths, read in one
    /// pass before the terms score it (see `DisjunctionCollector.collect`).
    let lengths: UnsafeMutablePointer<(Int, Int, Int)>
    /// A window's candidates, ascending (not zeroed; room for every slot).
    let candidates: UnsafeMutablePointer<Int32>
    /// Per slot, the probed term's frequencies where `probedSeen` is set (not zeroed), allocated when a
    /// collector first probes a term (`probedFrequencyBuffer()`): 96 KB most queries never need.
    private var probedFrequencies: UnsafeMutablePointer<(Int, Int, Int)>?

    init(size: Int) {
        self.size = size
        words = (size + 63) / 64
        seen = .allocate(capacity: words)
        essentialSeen = .allocate(capacity: words)
        probedSeen = .allocate(capacity: words)
        sums = .allocate(capacity: size)
        lengths = .allocate(capacity: size)
        candidates = .allocate(capacity: size)
        seen.initialize(repeating: 0, count: words)
        essentialSeen.initialize(repeating: 0, count: words)
        probedSeen.initialize(repeating: 0, count: words)
        sums.initialize(repeating: 0, count: size)
    }

    /// Whether every bit and sum is zero, as a collector must leave them (checked by assertions).
    var isZeroed: Bool {
        (0..<words).allSatisfy { seen[$0] == 0 && essentialSeen[$0] == 0 && probedSeen[$0] == 0 }
            && (0..<size).allSatisfy { sums[$0] == 0 }
    }

    /// `probedFrequencies`, allocated on first use.
    func probedFrequencyBuffer() -> UnsafeMutablePointer<(Int, Int, Int)> {
        if let probedFrequencies { return probedFrequencies }
        let buffer = UnsafeMutablePointer<(Int, Int, Int)>.allocate(capacity: size)
        probedFrequencies = buffer
        return buffer
    }

    deinit {
        seen.deallocate()
        essentialSeen.deallocate()
        probedSeen.deallocate()
        sums.deallocate()
        lengths.deallocate()
        candidates.deallocate()
        probedFrequencies?.deallocate()
    }
}
