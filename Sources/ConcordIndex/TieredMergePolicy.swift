/// Chooses which segments to merge so that their number stays logarithmic in the index size.
///
/// Segments fall into tiers by live size: tier t holds sizes in `[floor·f^t, floor·f^(t+1))` with
/// `f = mergeFactor`. When a tier holds `mergeFactor` segments they are merged into one (of the next
/// tier). A segment with more than `maxDeletedFraction` of its documents deleted is rewritten alone.
/// So at most `mergeFactor − 1` segments stay in each of the `O(log N)` tiers.
///
/// A merge never makes a segment of more than `maxMergedDocuments` live documents (a merge's memory grows
/// with the segment it writes): when a full tier would, its smallest segments that fit are merged, and a
/// tier whose two smallest segments do not fit together is left as it is — as Lucene caps merged segments.
public struct TieredMergePolicy: Sendable {
    public var mergeFactor: Int
    public var floorDocuments: Int
    public var maxDeletedFraction: Double
    public var maxMergedDocuments = Int.max

    public init(mergeFactor: Int = 10, floorDocuments: Int = 1000, maxDeletedFraction: Double = 0.3) {
        self.mergeFactor = max(2, mergeFactor)
        self.floorDocuments = max(1, floorDocuments)
        self.maxDeletedFraction = maxDeletedFraction
    }

    func tier(of segment: SegmentInfo) -> Int {
        var size = max(segment.liveCount, floorDocuments) / floorDocuments
        var tier = 0
        while size >= mergeFactor {
            size /= mergeFactor
            tier += 1
        }
        return tier
    }

    /// One merge to perform (names of the segments), or nil when the index is in shape.
    func findMerge(_ segments: [SegmentInfo]) -> [String]? {
        for segment in segments where segment.maxDoc > 0 {
            if Double(segment.deletedCount) > maxDeletedFraction * Double(segment.maxDoc) { return [segment.name] }
        }
        var tiers: [Int: [SegmentInfo]] = [:]
        for segment in segments { tiers[tier(of: segment), default: []].append(segment) }
        for t in tiers.keys.sorted() {
            let members = tiers[t] ?? []
            if members.count >= mergeFactor {
                var chosen: [SegmentInfo] = []
                var total = 0
                for member in members.sorted(by: { $0.liveCount < $1.liveCount }).prefix(mergeFactor) {
                    guard total + member.liveCount <= maxMergedDocuments else { break }
                    chosen.append(member)
                    total += member.liveCount
                }
                if chosen.count >= 2 { return chosen.map(\.name) }
            }
        }
        return nil
    }
}
