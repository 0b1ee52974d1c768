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
    /// The frequencies a filtered slice may start at (see `walk`): a few levels, so that a prefix has at
    /// most that many slices.
    static var frequencyLevels: [Int] { [1, 2, 3, 4, 8, 16] }
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
    ///
    /// With `minimumFrequency` above 1, a slice may leave out terms whose summed frequency is below it
    /// (it then holds only the others, and is kept apart from the prefix's full slice): a caller that
    /// wants only frequent terms walks fewer (most terms of a dictionary occur in one document). The walk
    /// of the segments still visits every term, so the caller filters what it finds itself.
    func walk<Index: SearchableIndex>(_ index: Index, startingWith required: [UInt8], minimumFrequency: Int = 1,
                                      _ body: (UnsafeRawBufferPointer, Int, Int) throws -> TermWalkStep) throws {
        if walks.count >= Self.countedPrefixes {
            // Counts of prefixes without a slice start over rather than grow with every first letter seen.
            walks = walks.filter { slices[$0.key] != nil }
            nextAttempt = nextAttempt.filter { $0.value == Int.max }
        }
        // A filtered slice's key: the prefix and a byte no UTF-8 text holds, then the frequency level
        // (the largest of `frequencyLevels` not above `minimumFrequency`).
        let level = Self.frequencyLevels.last { $0 <= minimumFrequency } ?? 1
        let key = level > 1 ? required + [0xFF, UInt8(level)] : required
        // Walks are counted per key (for eviction) and per prefix: a slice of any level is built once its
        // prefix has been walked `walksBeforeSlicing` times, whatever the levels of those walks, so that
        // prefixes walked often are sliced as early as before filtered slices came.
        let count = walks[key, default: 0] + 1
        walks[key] = count
        var prefixCount = count
        if level > 1 {
            prefixCount = walks[required, default: 0] + 1
            walks[required] = prefixCount
        }
        // Until a filtered slice is built, the prefix's full slice (if kept) serves its walks.
        if let slice = try slices[key] ?? slice(of: index, startingWith: required, key: key, minimumFrequency: level, walks: prefixCount)
            ?? (level > 1 ? slices[required] : nil) {
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
    private func slice<Index: SearchableIndex>(of index: Index, startingWith required: [UInt8], key: [UInt8],
                                               minimumFrequency: Int, walks count: Int) throws -> TermSlice? {
        guard count >= max(Self.walksBeforeSlicing, nextAttempt[key] ?? 0) else { return nil }
        // A filtered slice comes from the prefix's full one when that is kept.
        guard var slice = try (minimumFrequency > 1 ? slices[required] : nil) ?? TermSlice(index, startingWith: required, byteLimit: byteLimit / 4) else {
            nextAttempt[key] = Int.max
            return nil
        }
        if minimumFrequency > 1 { slice = TermSlice(slice, minimumFrequency: minimumFrequency) }
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
            nextAttempt[key] = 2 * count
            return slice
        }
        for prefix in victims {
            heldBytes -= slices[prefix]?.byteCount ?? 0
            slices[prefix] = nil
            nextAttempt[prefix] = 2 * (walks[prefix] ?? 0)
        }
        slices[key] = slice
        heldBytes += slice.byteCount
        nextAttempt[key] = nil
        return slice
    }
}
