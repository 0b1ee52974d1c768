/// A query node bound to one index's statistics (n_t, idf, BM25F normalizer, expansions, phrase
/// matches), computed once per search; `Searcher` turns it into a `Scorer` per segment.
indirect enum QueryWeight {
    case term(String, LeafScoring)
    case termSet([String], LeafScoring)
    /// Phrase or proximity matches per segment.
    case postingList([PhrasePostings], LeafScoring)
    case boolean([(Occur, QueryWeight)])
    case matchAll
    case matchNone
    case predicate(DocumentPredicate)
}

/// Binds query nodes to an index (Lucene's createWeight): resolves statistics, expands prefixes and
/// fuzzy terms, checks keyword field names, and records the terms a snippet should highlight.
struct QueryBinder<Index: SearchableIndex> {
    let index: Index
    let scorer: BM25FScorer
    let normalizer: BM25FScorer.Normalizer
    let documentCount: Int
    /// Human-readable notes for standard error (expansion caps).
    var warnings: [String] = []
    /// Scored leaves as flat clauses for highlighting (expansions listed as their terms).
    var highlights: [QueryClause] = []
    private var knownKeywordFields: [String: Bool] = [:]

    init(index: Index, scorer: BM25FScorer, normalizer: BM25FScorer.Normalizer, documentCount: Int) {
        self.index = index
        self.scorer = scorer
        self.normalizer = normalizer
        self.documentCount = documentCount
    }

    mutating func bind(_ node: QueryNode, scored: Bool = true) throws -> QueryWeight {
        switch node {
        case .term(let q):
            let df = scored ? try termDocumentFrequency(q.term, field: q.field) : 0
            if scored { highlights.append(QueryClause(occur: .should, term: q.term)) }
            return .term(q.term, scoring(df: df, boost: q.boost, field: q.field, label: Self.label(node)))
        case .phrase(let q):
            let clause = QueryClause(occur: .should, terms: q.terms, offsets: q.offsets)
            var perSegment: [PhrasePostings] = []
            for segment in index.segments {
                let all = try PhrasePostings.collect(clause, in: segment)
                perSegment.append(q.field.map { Self.restricted(all, to: $0) } ?? all)
            }
            if scored { highlights.append(clause) }
            return postingList(perSegment, boost: q.boost, field: q.field, label: Self.label(node))
        case .proximity(let q):
            let perSegment = try index.segments.map { try SloppyPhrasePostings.collect(q, in: $0) }
            if scored { for term in q.terms { highlights.append(QueryClause(occur: .should, term: term)) } }
            return postingList(perSegment, boost: q.boost, field: q.field, label: Self.label(node))
        case .prefix(let q):
            let expansion = try TermExpander.prefix(q.prefix, in: index, limit: TermExpansionLimits.prefix)
            if expansion.truncated {
                warnings.append("“\(q.prefix)*” matches more than \(TermExpansionLimits.prefix) terms; searching the \(TermExpansionLimits.prefix) most frequent")
            }
            return try termSet(expansion.terms, scored: scored, boost: q.boost, field: q.field, label: Self.label(node))
        case .fuzzy(let q):
            let expansion = try TermExpander.fuzzy(q.term, maxEdits: q.maxEdits, in: index, limit: TermExpansionLimits.fuzzy)
            if expansion.truncated {
                warnings.append("“\(q.term)~\(q.maxEdits)” matches more than \(TermExpansionLimits.fuzzy) terms; searching the \(TermExpansionLimits.fuzzy) most frequent")
            }
            return try termSet(expansion.terms, scored: scored, boost: q.boost, field: q.field, label: Self.label(node))
        case .boolean(let q):
            var children: [(Occur, QueryWeight)] = []
            for clause in q.clauses {
                let childScored = scored && (clause.occur == .must || clause.occur == .should)
                children.append((clause.occur, try bind(clause.query, scored: childScored)))
            }
            return .boolean(children)
        case .matchAll:
            return .matchAll
        case .matchNone:
            return .matchNone
        case .dateRange(let q):
            return .predicate(.date(q))
        case .keyword(let q):
            if knownKeywordFields[q.field] == nil {
                var known = false
                for segment in index.segments where try segment.hasKeywordField(q.field) {
                    known = true
                    break
                }
                knownKeywordFields[q.field] = known
            }
            guard knownKeywordFields[q.field] == true else {
                throw QueryError("unknown field “\(q.field)”: use title:, summary:, body:, date: or a metadata field of this index", at: q.position)
            }
            return .predicate(.keyword(field: q.field, value: q.value))
        }
    }

    /// A leaf as query text without its boost (explanations name clauses this way).
    static func label(_ node: QueryNode) -> String {
        switch node {
        case .term(var q): q.boost = 1; return q.description
        case .phrase(var q): q.boost = 1; return q.description
        case .proximity(var q): q.boost = 1; return q.description
        case .prefix(var q): q.boost = 1; return q.description
        case .fuzzy(var q): q.boost = 1; return q.description
        default: return node.description
        }
    }

    func scoring(df: Int, boost: Int, field: SearchField?, label: String) -> LeafScoring {
        LeafScoring(scorer: scorer, normalizer: normalizer,
                    idf: scorer.idf(documentCount: documentCount, documentFrequency: df),
                    boost: Double(boost), field: field?.rawValue ?? -1, documentFrequency: df,
                    documentCount: documentCount, label: label)
    }

    func postingList(_ perSegment: [PhrasePostings], boost: Int, field: SearchField?, label: String) -> QueryWeight {
        let df = perSegment.reduce(0) { $0 + $1.count }
        return .postingList(perSegment, scoring(df: df, boost: boost, field: field, label: label))
    }

    mutating func termSet(_ terms: [String], scored: Bool, boost: Int, field: SearchField?, label: String) throws -> QueryWeight {
        guard !terms.isEmpty else { return .matchNone }
        if scored { for term in terms { highlights.append(QueryClause(occur: .should, term: term)) } }
        let df = scored ? try unionDocumentFrequency(terms, field: field) : 0
        return .termSet(terms, scoring(df: df, boost: boost, field: field, label: label))
    }

    /// n_t of one term: live documents containing it (in `field` only, when given).
    func termDocumentFrequency(_ term: String, field: SearchField?) throws -> Int {
        var total = 0
        for segment in index.segments {
            guard let field else {
                total += try segment.liveDocumentFrequency(of: term)
                continue
            }
            guard var cursor = try segment.postings(for: term) else { continue }
            var doc = try cursor.next()
            while doc != Int32.max {
                if cursor.frequency(inField: field.rawValue) > 0 && segment.isLive(doc) { total += 1 }
                doc = try cursor.next()
            }
        }
        return total
    }

    /// n_t of an expansion: live documents containing any of the terms (in `field` only, when given).
    func unionDocumentFrequency(_ terms: [String], field: SearchField?) throws -> Int {
        var total = 0
        for segment in index.segments {
            var seen = [Bool](repeating: false, count: Int(max(segment.maxDoc, 0)))
            for term in terms {
                guard var cursor = try segment.postings(for: term) else { continue }
                var doc = try cursor.next()
                while doc != Int32.max {
                    if doc >= 0, Int(doc) < seen.count, !seen[Int(doc)], segment.isLive(doc),
                       field.map({ cursor.frequency(inField: $0.rawValue) > 0 }) ?? true {
                        seen[Int(doc)] = true
                        total += 1
                    }
                    doc = try cursor.next()
                }
            }
        }
        return total
    }

    /// The matches of a phrase counted in one field only (documents without any there dropped).
    static func restricted(_ postings: PhrasePostings, to field: SearchField) -> PhrasePostings {
        var result = PhrasePostings()
        for index in 0..<postings.count {
            let tf = postings.frequencies(at: index)
            let count = field == .title ? tf.0 : field == .summary ? tf.1 : tf.2
            guard count > 0 else { continue }
            result.docs.append(postings.docs[index])
            result.frequencies.append(field == .title ? Int32(count) : 0)
            result.frequencies.append(field == .summary ? Int32(count) : 0)
            result.frequencies.append(field == .body ? Int32(count) : 0)
        }
        return result
    }
}

extension QueryWeight {
    /// This weight's scorer in one segment, or nil when nothing can match there.
    func scorer<Segment: SearchableSegment>(segment: Segment, segmentIndex: Int, arena: ScorerArena) throws -> SegmentScorer<Segment>? {
        switch self {
        case let .term(term, scoring):
            guard let cursor = try segment.postings(for: term) else { return nil }
            return .term(arena.keep(TermScorer(segment: segment, cursor: cursor, scoring: scoring, cost: scoring.documentFrequency)))
        case let .termSet(terms, scoring):
            var cursors: [Segment.Cursor] = []
            for term in terms {
                if let cursor = try segment.postings(for: term) { cursors.append(cursor) }
            }
            guard !cursors.isEmpty else { return nil }
            return .termSet(arena.keep(TermSetScorer(segment: segment, cursors: cursors, scoring: scoring, cost: scoring.documentFrequency)))
        case let .postingList(perSegment, scoring):
            guard segmentIndex < perSegment.count, perSegment[segmentIndex].count > 0 else { return nil }
            return .postingList(arena.keep(PostingListScorer(segment: segment, postings: perSegment[segmentIndex], scoring: scoring)))
        case .boolean(let clauses):
            var children: [(SegmentScorer<Segment>, Occur)] = []
            for (occur, weight) in clauses {
                guard let child = try weight.scorer(segment: segment, segmentIndex: segmentIndex, arena: arena) else {
                    if occur == .must || occur == .filter { return nil }
                    continue
                }
                children.append((child, occur))
            }
            // Without a must, a boolean that has should clauses needs one of them, even here where
            // none of them occurs.
            let hasMust = clauses.contains { $0.0 == .must }, hasShould = clauses.contains { $0.0 == .should }
            if !hasMust && hasShould && !children.contains(where: { $0.1 == .should }) { return nil }
            guard children.contains(where: { $0.1 != .mustNot }) else { return nil }
            if children.count == 1, children[0].1 == .must || children[0].1 == .should { return children[0].0 }
            return .boolean(arena.keep(BooleanScorer(clauses: children)))
        case .matchAll:
            return segment.maxDoc > 0 ? .matchAll(arena.keep(MatchAllScorer(maxDoc: segment.maxDoc))) : nil
        case .matchNone:
            return nil
        case .predicate(let predicate):
            return .predicate(arena.keep(PredicateScorer(segment: segment, predicate: predicate)))
        }
    }
}
