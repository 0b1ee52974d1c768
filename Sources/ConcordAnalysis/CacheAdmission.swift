/// Whether a bounded cache that is full takes one more entry. A full cache turns newcomers away while
/// it serves most lookups (the frequent words came first and stay); once it serves fewer than 4 in 5 of
/// them it is cleared and refilled. Clearing on every fill kept evicting the frequent words; never
/// clearing would keep the words of a corpus's first documents when its vocabulary drifts (another
/// language, another subject).
struct CacheAdmission {
    /// What to do with a newcomer.
    enum Decision {
        case insert
        case refuse
        /// Empty the cache, then insert.
        case clearAndInsert
    }

    /// The entries the cache holds at most.
    let limit: Int
    /// Hits, and newcomers turned away while full, since the cache last filled or was last judged.
    private var hits = 0
    private var refused = 0

    init(limit: Int) { self.limit = limit }

    @inline(__always)
    mutating func recordHit() { hits &+= 1 }

    /// The decision for a newcomer, the cache holding `count` entries. Judged every `limit / 4`
    /// newcomers turned away: keep serving, or clear and refill.
    mutating func decide(count: Int) -> Decision {
        guard count >= limit else { return .insert }
        refused += 1
        guard refused >= max(1, limit / 4) else { return .refuse }
        let serving = hits >= 4 * refused
        hits = 0
        refused = 0
        return serving ? .refuse : .clearAndInsert
    }
}
