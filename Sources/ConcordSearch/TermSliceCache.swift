import ConcordIndex

/// The term slices (`TermSlice`) of one index that dictionary walks keep coming back to, kept by the
/// searcher that owns the cache (one thread at a time; the index must not change under it).
///
/// A prefix's slice is built on its `walksBeforeSlicing`-th walk — a command that walks once never pays
/// for it — and kept while all slices together stay within `byteLimit` (the least recently walked ones
/// are dropped first). A slice holds every term that starts with the prefix, so a walk over it visits
/// what a walk over the segments would (each term once, frequencies summed over the segments).
public final class TermSliceCache {
    public let byteLimit: Int
    static var walksBeforeSlicing: Int { 3 }

    private var slices: [[UInt8]: TermSlice] = [:]
    /// Walks per prefix so far (prefixes without a slice), and the order prefixes were last walked in.
    private var walks: [[UInt8]: Int] = [:]
    private var recency: [[UInt8]: Int] = [:]
    private var clock = 0
    /// Bytes the slices hold now, and slices built so far (evicted ones included).
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
        clock += 1
        if let slice = slices[required] {
            recency[required] = clock
            try slice.walk(body)
            return
        }
        let count = walks[required, default: 0] + 1
        walks[required] = count
        if count >= Self.walksBeforeSlicing, let slice = try TermSlice(index, startingWith: required, byteLimit: byteLimit / 4) {
            walks[required] = nil
            slices[required] = slice
            recency[required] = clock
            heldBytes += slice.byteCount
            slicesBuilt += 1
            evictBeyondLimit()
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

    private func evictBeyondLimit() {
        while heldBytes > byteLimit, let oldest = recency.min(by: { $0.value < $1.value })?.key {
            heldBytes -= slices[oldest]?.byteCount ?? 0
            slices[oldest] = nil
            recency[oldest] = nil
        }
    }
}
