/// Combines child scorers by occur (see `BooleanQuery` for the matching rule).
///
/// With required (`must`) children it leapfrogs over them, cheapest first; otherwise it walks the
/// union of the `should` children; with neither, the first filter drives. Filters and exclusions are
/// checked only on candidates. The score adds the matching scored children in clause order.
///
/// Children live in buffers the scorer allocates and frees: they are plain values (unretained
/// references), so the per-document loops touch no reference counts, not even an array's.
final class BooleanScorer<Segment: SearchableSegment> {
    typealias Child = SegmentScorer<Segment>

    var doc: Int32 = -1
    let cost: Int
    private let musts: UnsafeMutableBufferPointer<Child>
    private let shoulds: UnsafeMutableBufferPointer<Child>
    /// Filters checked on candidates (all filters but the driver, when a filter drives).
    private let checks: UnsafeMutableBufferPointer<Child>
    private let driver: Child?
    private let excluded: UnsafeMutableBufferPointer<Child>
    /// `must` and `should` children in clause order, and their occurs.
    private let scored: UnsafeMutableBufferPointer<Child>
    private let scoredOccurs: [Occur]
    let isRandomAccess: Bool

    /// `clauses` must hold at least one `must`, `should` or `filter` child.
    init(clauses: [(Child, Occur)]) {
        var musts: [Child] = [], shoulds: [Child] = [], filters: [Child] = [], excluded: [Child] = []
        var scored: [Child] = [], scoredOccurs: [Occur] = []
        for (child, occur) in clauses {
            switch occur {
            case .must:
                musts.append(child)
                scored.append(child)
                scoredOccurs.append(occur)
            case .should:
                shoulds.append(child)
                scored.append(child)
                scoredOccurs.append(occur)
            case .filter: filters.append(child)
            case .mustNot: excluded.append(child)
            }
        }
        musts.sort { $0.cost < $1.cost }
        filters.sort { $0.cost < $1.cost }
        var checks = filters
        if musts.isEmpty && shoulds.isEmpty, let first = filters.first {
            driver = first
            checks.removeFirst()
        } else {
            driver = nil
        }
        func buffer(_ children: [Child]) -> UnsafeMutableBufferPointer<Child> {
            let buffer = UnsafeMutableBufferPointer<Child>.allocate(capacity: children.count)
            _ = buffer.initialize(from: children)
            return buffer
        }
        self.musts = buffer(musts)
        self.shoulds = buffer(shoulds)
        self.checks = buffer(checks)
        self.excluded = buffer(excluded)
        self.scored = buffer(scored)
        self.scoredOccurs = scoredOccurs
        isRandomAccess = clauses.allSatisfy { $0.0.isRandomAccess }
        cost = musts.first?.cost ?? (shoulds.isEmpty ? (filters.first?.cost ?? 0) : shoulds.reduce(0) { $0 + $1.cost })
    }

    deinit {
        // The children are trivial values (unretained references), so freeing needs no deinitialization.
        for buffer in [musts, shoulds, checks, excluded, scored] { buffer.deallocate() }
    }

    func advance(to target: Int32) throws -> Int32 {
        if doc >= target { return doc }
        var next = target
        while true {
            let candidate = try nextCandidate(from: next)
            if candidate == Int32.max {
                doc = candidate
                return candidate
            }
            if try accepts(candidate) {
                doc = candidate
                return candidate
            }
            next = candidate &+ 1
        }
    }

    @inline(__always)
    private func nextCandidate(from target: Int32) throws -> Int32 {
        if let driver { return try driver.advance(to: target) }
        if musts.isEmpty {
            var best = Int32.max
            for child in shoulds {
                let d = try child.advance(to: target)
                if d < best { best = d }
            }
            return best
        }
        var candidate = try musts[0].advance(to: target)
        var i = 1
        while i < musts.count && candidate != Int32.max {
            let d = try musts[i].advance(to: candidate)
            if d > candidate {
                candidate = try musts[0].advance(to: d)
                i = 1
            } else {
                i += 1
            }
        }
        return candidate
    }

    @inline(__always)
    private func accepts(_ candidate: Int32) throws -> Bool {
        for check in checks where !(try check.matches(candidate)) { return false }
        for child in excluded where try child.matches(candidate) { return false }
        return true
    }

    func score() throws -> Double {
        var sum = 0.0
        for child in scored {
            var d = child.doc
            if d < doc { d = try child.advance(to: doc) }
            if d == doc { sum += try child.score() }
        }
        return sum
    }

    /// The term scorers, in clause order, when this is a pure disjunction of positively weighted terms
    /// (only `should` children, each a term): `DisjunctionCollector` can then evaluate it by windows.
    var disjunctionTerms: [Unmanaged<TermScorer<Segment>>]? {
        guard musts.isEmpty, checks.isEmpty, driver == nil, excluded.isEmpty, shoulds.count >= 2,
              scored.count == shoulds.count else { return nil }
        var terms: [Unmanaged<TermScorer<Segment>>] = []
        for child in scored {
            guard case .term(let term) = child else { return nil }
            let scoring = term._withUnsafeGuaranteedRef { $0.scoring }
            guard scoring.boost > 0, scoring.boost.isFinite, scoring.idf >= 0, scoring.idf.isFinite else { return nil }
            terms.append(term)
        }
        return terms
    }

    /// What `ConjunctionCollector` needs when every scored child is a positively weighted term and one
    /// of them is required (a `must` term, or the only `should` when there is no `must`): the terms in
    /// clause order with whether each is required, and the filters and exclusions to check.
    var conjunctionPlan: (terms: [(term: Unmanaged<TermScorer<Segment>>, isRequired: Bool)],
                          filters: UnsafeMutableBufferPointer<Child>, exclusions: UnsafeMutableBufferPointer<Child>)? {
        guard driver == nil, !musts.isEmpty || shoulds.count == 1 else { return nil }
        var terms: [(term: Unmanaged<TermScorer<Segment>>, isRequired: Bool)] = []
        for (child, occur) in zip(scored, scoredOccurs) {
            guard case .term(let term) = child else { return nil }
            let scoring = term._withUnsafeGuaranteedRef { $0.scoring }
            guard scoring.boost > 0, scoring.boost.isFinite, scoring.idf >= 0, scoring.idf.isFinite else { return nil }
            terms.append((term, occur == .must || musts.isEmpty))
        }
        return (terms, checks, excluded)
    }

    /// Random-access matching (only when every child has random access).
    func matches(_ doc: Int32) throws -> Bool {
        for child in musts where !(try child.matches(doc)) { return false }
        for child in checks where !(try child.matches(doc)) { return false }
        if let driver, !(try driver.matches(doc)) { return false }
        for child in excluded where try child.matches(doc) { return false }
        if musts.isEmpty && !shoulds.isEmpty {
            for child in shoulds where try child.matches(doc) { return true }
            return false
        }
        return true
    }

    func explain(into clauses: inout [ClauseExplanation]) throws {
        for (child, occur) in zip(scored, scoredOccurs) {
            var d = child.doc
            if d < doc { d = try child.advance(to: doc) }
            if d == doc { try child.explain(occur: occur, into: &clauses) }
        }
    }
}
