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
    case term(TermScorer<Segment>)
    case termSet(TermSetScorer<Segment>)
    case postingList(PostingListScorer<Segment>)
    case boolean(BooleanScorer<Segment>)
    case matchAll(MatchAllScorer)
    case predicate(PredicateScorer<Segment>)

    var doc: Int32 {
        @inline(__always) get {
            switch self {
            case .term(let s): return s.doc
            case .termSet(let s): return s.doc
            case .postingList(let s): return s.doc
            case .boolean(let s): return s.doc
            case .matchAll(let s): return s.doc
            case .predicate(let s): return s.doc
            }
        }
    }

    /// An estimate of how many documents the scorer visits (conjunctions lead with the cheapest).
    var cost: Int {
        switch self {
        case .term(let s): return s.cost
        case .termSet(let s): return s.cost
        case .postingList(let s): return s.cost
        case .boolean(let s): return s.cost
        case .matchAll(let s): return s.cost
        case .predicate(let s): return s.cost
        }
    }

    @inline(__always)
    func advance(to target: Int32) throws -> Int32 {
        switch self {
        case .term(let s): return try s.advance(to: target)
        case .termSet(let s): return try s.advance(to: target)
        case .postingList(let s): return s.advance(to: target)
        case .boolean(let s): return try s.advance(to: target)
        case .matchAll(let s): return s.advance(to: target)
        case .predicate(let s): return try s.advance(to: target)
        }
    }

    @inline(__always)
    func score() throws -> Double {
        switch self {
        case .term(let s): return s.score()
        case .termSet(let s): return s.score()
        case .postingList(let s): return s.score()
        case .boolean(let s): return try s.score()
        case .matchAll, .predicate: return 0
        }
    }

    /// True when `matches(_:)` answers for any document without moving the iterator.
    var isRandomAccess: Bool {
        switch self {
        case .matchAll, .predicate: return true
        case .boolean(let s): return s.isRandomAccess
        default: return false
        }
    }

    /// Whether `doc` matches. Without random access the iterator advances, so callers ask in
    /// ascending order only.
    func matches(_ doc: Int32) throws -> Bool {
        switch self {
        case .matchAll(let s): return s.matches(doc)
        case .predicate(let s): return try s.matches(doc)
        case .boolean(let s) where s.isRandomAccess: return try s.matches(doc)
        default: return try advance(to: doc) == doc
        }
    }

    /// Appends the explanation of each scored leaf matching the current document.
    func explain(occur: Occur, into clauses: inout [ClauseExplanation]) throws {
        switch self {
        case .term(let s): clauses.append(s.explanation(occur: occur))
        case .termSet(let s): clauses.append(s.explanation(occur: occur))
        case .postingList(let s): clauses.append(s.explanation(occur: occur))
        case .boolean(let s): try s.explain(into: &clauses)
        case .matchAll, .predicate: break
        }
    }
}
