import ConcordIndex

/// The term slices (`TermSlice`) of one index that dictionary walks keep coming back to, kept by the
/// searcher that owns the cache (one thread at a time; the index must not change under it).
///
/// A prefix's slice is built on its `walksBeforeSlicing`-th walk — a command that walks once never pays
/// for it — and kept while all slices together stay within `byteLimit`. When a new slice does not fit,
/// slices of prefixes walked fewer times make room for it; if they cannot, it is not kept, and it is
/// built again only once its walks have doubled, so prefixes competing for the room do not evict each
/// other at every walk. A prefix whose slice alone would exceed a quarter of the limit is never sliced.
/// A slice holds every term that starts with the prefix, so a walk over it finds what a walk over the
/// segments finds (each term once, frequencies summed over the segments).
public final class TermSliceCache {
    public let byteLimit: Int
    static var walksBeforeSlicing: Int { 3 }
    /// Prefixes whose walks are counted at most (beyond, the counts of those without a slice restart).
    static var countedPrefixes: Int { 4096 }

    private var slices: [[UInt8]: TermSlice] = [:]
    /// Walks per prefix so far; for a prefix not kept, the walks at which it is built again.
    private var walks: [[UInt8]: Int] = [:]
    private var nextAttempt: [[UInt8]: Int] = [:]
    /// Bytes the slices hold now, and slices built so far (those not kept or evicted included).
    private(set) var heldBytes = 0
    private(set) var slicesBuilt = 0

    public init(byteLimit: Int = 16 << 20) {
        self.byteLimit = byteLimit
    }

    /// Slices held now (for tests).
    var sliceCount: Int { slices.count }

    /// Walks the terms of `index` that start with `required` as `SearchableIndex`'s segments would be
    /// walked one after another, except that each term comes once with its frequency summed over the
    /// segments: from the prefix's slice when there is one (or it is built now), else segment by segment
    /// (each segment's frequency then given on its own).
    func walk<Index: SearchableIndex>(_ index: Index, startingWith required: [UInt8],
                                      _ body: (UnsafeRawBufferPointer, Int, Int) throws -> TermWalkStep) throws {
        if walks.count >= Self.countedPrefixes {
            // Counts of prefixes without a slice start over rather than grow with every first letter seen.
            walks = walks.filter { slices[$0.key] != nil }
            nextAttempt = nextAttempt.filter { $0.value == Int.max }
        }
        let count = walks[required, default: 0] + 1
        walks[required] = count
        if let slice = try slices[required] ?? slice(of: index, startingWith: required, walks: count) {
            try slice.walk(body)
            return
        }
        for segment in index.segments {
            var stopped = false
            try segment.walkTerms(startingWith: required) { term, shared, df in
                let step = try body(term, shared, df)
                if step == .stop { stopped = true }
                return step
            }
            if stopped { return }
        }
    }

    /// The prefix's slice when its walks call for it, kept when it fits (one built that does not fit still
    /// serves the walk that built it); nil otherwise.
    private func slice<Index: SearchableIndex>(of index: Index, startingWith required: [UInt8], walks count: Int) throws -> TermSlice? {
        guard count >= max(Self.walksBeforeSlicing, nextAttempt[required] ?? 0) else { return nil }
        guard let slice = try TermSlice(index, startingWith: required, byteLimit: byteLimit / 4) else {
            nextAttempt[required] = Int.max
            return nil
        }
        slicesBuilt += 1
        // Room from the slices walked least, only those walked fewer times than this prefix.
        var victims: [[UInt8]] = []
        var room = byteLimit - heldBytes
        if room < slice.byteCount {
            for (prefix, _) in slices.map({ ($0.key, walks[$0.key] ?? 0) }).filter({ $0.1 < count }).sorted(by: { $0.1 < $1.1 }) {
                victims.append(prefix)
                room += slices[prefix]?.byteCount ?? 0
                if room >= slice.byteCount { break }
            }
        }
        guard room >= slice.byteCount else {
            nextAttempt[required] = 2 * count
            return slice
        }
        for prefix in victims {
            heldBytes -= slices[prefix]?.byteCount ?? 0
            slices[prefix] = nil
            nextAttempt[prefix] = 2 * (walks[prefix] ?? 0)
        }
        slices[required] = slice
        heldBytes += slice.byteCount
        nextAttempt[required] = nil
        return slice
    }
}
