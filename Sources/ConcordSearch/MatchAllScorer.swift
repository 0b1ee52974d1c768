/// Every document of a segment, score 0 (browse: `*` or an empty query).
final class MatchAllScorer: Scorer {
    let maxDoc: Int32

    init(maxDoc: Int32) {
        self.maxDoc = maxDoc
        super.init(cost: Int(maxDoc))
    }

    override func advance(to target: Int32) throws -> Int32 {
        if doc >= target { return doc }
        doc = target < maxDoc ? max(target, 0) : Int32.max
        return doc
    }

    override var isRandomAccess: Bool { true }

    override func matches(_ doc: Int32) throws -> Bool { doc >= 0 && doc < maxDoc }
}
