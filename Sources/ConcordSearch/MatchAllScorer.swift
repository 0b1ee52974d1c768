/// Every document of a segment, score 0 (browse: `*` or an empty query).
final class MatchAllScorer {
    var doc: Int32 = -1
    let cost: Int
    let maxDoc: Int32

    init(maxDoc: Int32) {
        self.maxDoc = maxDoc
        self.cost = Int(maxDoc)
    }

    func advance(to target: Int32) -> Int32 {
        if doc >= target { return doc }
        doc = target < maxDoc ? max(target, 0) : Int32.max
        return doc
    }

    func matches(_ doc: Int32) -> Bool { doc >= 0 && doc < maxDoc }
}
