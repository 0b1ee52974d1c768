/// The scorer tree of one segment: a document iterator that can score its current document (Lucene's
/// and tantivy's Scorer), one node per query node. The node kinds form a closed set dispatched by a
/// switch, so every call is statically bound and specialised for the segment type (a class hierarchy
/// would dispatch to unspecialised generic code, several times slower).
///
/// Contract: `doc` is -1 before the first `advance(to:)` and `Int32.max` once exhausted;
/// `advance(to:)` moves to the first matching document `>= target` (a no-op when `doc >= target`);
/// `score()` is the current document's exact score; iterators may return deleted documents (the
/// searcher filters them with `isLive`).
enum SegmentScorer<Segment: SearchableSegment> {
    case term(Unmanaged<TermScorer<Segment>>)
    case termSet(Unmanaged<TermSetScorer<Segment>>)
    case postingList(Unmanaged<PostingListScorer<Segment>>)
    case boolean(Unmanaged<BooleanScorer<Segment>>)
    case matchAll(Unmanaged<MatchAllScorer>)
    case predicate(Unmanaged<PredicateScorer<Segment>>)

    var doc: Int32 {
        @inline(__always) get {
            switch self {
            case .term(let s): return s._withUnsafeGuaranteedRef { $0.doc }
            case .termSet(let s): return s._withUnsafeGuaranteedRef { $0.doc }
            case .postingList(let s): return s._withUnsafeGuaranteedRef { $0.doc }
            case .boolean(let s): return s._withUnsafeGuaranteedRef { $0.doc }
            case .matchAll(let s): return s._withUnsafeGuaranteedRef { $0.doc }
            case .predicate(let s): return s._withUnsafeGuaranteedRef { $0.doc }
            }
        }
    }

    /// An estimate of how many documents the scorer visits (conjunctions lead with the cheapest).
    var cost: Int {
        switch self {
        case .term(let s): return s._withUnsafeGuaranteedRef { $0.cost }
        case .termSet(let s): return s._withUnsafeGuaranteedRef { $0.cost }
        case .postingList(let s): return s._withUnsafeGuaranteedRef { $0.cost }
        case .boolean(let s): return s._withUnsafeGuaranteedRef { $0.cost }
        case .matchAll(let s): return s._withUnsafeGuaranteedRef { $0.cost }
        case .predicate(let s): return s._withUnsafeGuaranteedRef { $0.cost }
        }
    }

    @inline(__always)
    func advance(to target: Int32) throws -> Int32 {
        switch self {
        case .term(let s): return try s._withUnsafeGuaranteedRef { try $0.advance(to: target) }
        case .termSet(let s): return try s._withUnsafeGuaranteedRef { try $0.advance(to: target) }
        case .postingList(let s): return s._withUnsafeGuaranteedRef { $0.advance(to: target) }
        case .boolean(let s): return try s._withUnsafeGuaranteedRef { try $0.advance(to: target) }
        case .matchAll(let s): return s._withUnsafeGuaranteedRef { $0.advance(to: target) }
        case .predicate(let s): return try s._withUnsafeGuaranteedRef { try $0.advance(to: target) }
        }
    }

    @inline(__always)
    func score() throws -> Double {
        switch self {
        case .term(let s): return s._withUnsafeGuaranteedRef { $0.score() }
        case .termSet(let s): return s._withUnsafeGuaranteedRef { $0.score() }
        case .postingList(let s): return s._withUnsafeGuaranteedRef { $0.score() }
        case .boolean(let s): return try s._withUnsafeGuaranteedRef { try $0.score() }
        case .matchAll, .predicate: return 0
        }
    }

    /// True when `matches(_:)` answers for any document without moving the iterator.
    var isRandomAccess: Bool {
        switch self {
        case .matchAll, .predicate: return true
        case .boolean(let s): return s._withUnsafeGuaranteedRef { $0.isRandomAccess }
        default: return false
        }
    }

    /// Whether `doc` matches. Without random access the iterator advances, so callers ask in
    /// ascending order only.
    func matches(_ doc: Int32) throws -> Bool {
        switch self {
        case .matchAll(let s): return s._withUnsafeGuaranteedRef { $0.matches(doc) }
        case .predicate(let s): return try s._withUnsafeGuaranteedRef { try $0.matches(doc) }
        case .boolean(let s) where s._withUnsafeGuaranteedRef({ $0.isRandomAccess }): return try s._withUnsafeGuaranteedRef { try $0.matches(doc) }
        default: return try advance(to: doc) == doc
        }
    }

    /// Appends the explanation of each scored leaf matching the current document.
    func explain(occur: Occur, into clauses: inout [ClauseExplanation]) throws {
        switch self {
        case .term(let s): clauses.append(s._withUnsafeGuaranteedRef { $0.explanation(occur: occur) })
        case .termSet(let s): clauses.append(s._withUnsafeGuaranteedRef { $0.explanation(occur: occur) })
        case .postingList(let s): clauses.append(s._withUnsafeGuaranteedRef { $0.explanation(occur: occur) })
        case .boolean(let s): try s._withUnsafeGuaranteedRef { try $0.explain(into: &clauses) }
        case .matchAll, .predicate: break
        }
    }
}

/// Owns the scorer objects of one segment's tree for as long as the tree is used.
final class ScorerArena {
    private var objects: [AnyObject] = []

    func keep<T: AnyObject>(_ object: T) -> Unmanaged<T> {
        objects.append(object)
        return Unmanaged.passUnretained(object)
    }
}
