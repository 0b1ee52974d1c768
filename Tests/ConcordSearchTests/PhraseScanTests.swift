import ConcordAnalysis
import Testing
@testable import ConcordSearch

/// Counts what a phrase scan asks of its cursors.
private final class CursorUse {
    var positionReads = 0
    /// `next`/`advance(to:)` calls per term.
    var moves: [String: Int] = [:]
}

private struct CountingCursor: PostingsCursor {
    var inner: InMemoryPostingsCursor
    let use: CursorUse
    let term: String
    var doc: Int32 { inner.doc }
    var documentFrequency: Int { inner.documentFrequency }
    mutating func next() throws -> Int32 {
        use.moves[term, default: 0] += 1
        return try inner.next()
    }
    mutating func advance(to target: Int32) throws -> Int32 {
        use.moves[term, default: 0] += 1
        return try inner.advance(to: target)
    }
    func frequency(inField field: Int) -> Int { inner.frequency(inField: field) }
    mutating func positions(inField field: Int) throws -> [Int32] {
        use.positionReads += 1
        return try inner.positions(inField: field)
    }
}

/// An in-memory segment whose cursors count position reads.
private struct CountingSegment: SearchableSegment {
    let inner: InMemorySegment
    let use = CursorUse()
    var maxDoc: Int32 { inner.maxDoc }
    func isLive(_ doc: Int32) -> Bool { inner.isLive(doc) }
    func fieldLength(_ doc: Int32, field: Int) -> Int { inner.fieldLength(doc, field: field) }
    func postings(for term: String) throws -> CountingCursor? {
        try inner.postings(for: term).map { CountingCursor(inner: $0, use: use, term: term) }
    }
    func documentID(_ doc: Int32) throws -> String { try inner.documentID(doc) }
    func storedFields(_ doc: Int32) throws -> [String: String] { try inner.storedFields(doc) }
    func forEachTerm(withPrefix prefix: String, _ body: (String, Int) throws -> Bool) throws {
        try inner.forEachTerm(withPrefix: prefix, body)
    }
}

/// A phrase scan reads positions only of documents that hold every term, and only in fields where
/// every term occurs: a rare word next to a word of every document costs reads for the rare word's
/// documents, not for the common word's.
@Test func phraseScanReadsPositionsOnlyWhereEveryTermOccurs() throws {
    let analyzer = try Analyzer()
    var documents: [[String: String]] = (0..<2000).map { i in
        ["id": "doc-\(i)", "title": "common heading", "body": "common words and common phrases \(i % 7 == 0 ? "filler" : "")"]
    }
    for i in stride(from: 5, to: 2000, by: 400) { documents[i]["body"] = "a rare common thing" }
    let segment = CountingSegment(inner: InMemorySegment(documents: documents, tokenizer: analyzer))
    let clause = Query(parsing: "\"rare common\"", tokenizer: analyzer).clauses[0]
    let found = try PhrasePostings.collect(clause, in: segment)
    #expect(found.docs == stride(from: 5, to: 2000, by: 400).map { Int32($0) })
    // Five documents hold both words, both only in the body: two position lists each.
    #expect(segment.use.positionReads == 5 * 2, "\(segment.use.positionReads) position reads")
}

/// With three or more distinct terms the scan decodes the rarer terms first and skips the commonest
/// term's positions where the rarer ones never line up: here every document holds all three words,
/// but "rare" and "odd" are never adjacent, so the common word's positions are never read.
@Test func phraseScanSkipsTheCommonestTermWhereTheRarerOnesCannotLineUp() throws {
    let analyzer = try Analyzer()
    var documents: [[String: String]] = (0..<600).map { i in
        ["id": "doc-\(i)", "body": "plain words plain \(i % 3 == 0 ? "more plain" : "")"]
    }
    for i in stride(from: 7, to: 600, by: 50) { documents[i]["body"] = "odd plain words then rare plain" }
    documents[308]["body"] = "words rare odd plain here"
    let segment = CountingSegment(inner: InMemorySegment(documents: documents, tokenizer: analyzer))
    let clause = Query(parsing: "\"rare odd plain\"", tokenizer: analyzer).clauses[0]
    let found = try PhrasePostings.collect(clause, in: segment)
    #expect(found.docs == [308])
    // Thirteen documents hold all three words; "plain" is read only in the one where "rare odd" occurs.
    let candidates = Array(stride(from: 7, to: 600, by: 50)).count + 1
    #expect(segment.use.positionReads == candidates * 2 + 1, "\(segment.use.positionReads) position reads")
}

/// Exact phrases of three to five words (repeated words included) found by the scan, which narrows
/// the rarer words' candidate starts word by word, equal a brute-force scan of every field's tokens.
@Test(arguments: [UInt64(5), 6, 7])
func phraseScanEqualsBruteForceTokenScan(seed: UInt64) throws {
    let analyzer = try Analyzer()
    var rng = SeededGenerator(seed: seed)
    let words = ["ash", "birch", "cedar", "alder", "maple", "rowan"]
    func text(_ length: Int) -> String {
        (0..<length).map { _ in words[min(rng.int(0...5), rng.int(0...5), rng.int(0...5))] }.joined(separator: " ")
    }
    let documents: [[String: String]] = (0..<400).map { i in
        ["id": "doc-\(i)", "title": text(rng.int(0...4)), "summary": text(rng.int(0...12)), "body": text(rng.int(0...60))]
    }
    let segment = InMemorySegment(documents: documents, tokenizer: analyzer)
    var matched = 0
    for _ in 0..<60 {
        let phrase = (0..<rng.int(3...5)).map { _ in words[min(rng.int(0...5), rng.int(0...5))] }
        let clause = Query(parsing: "\"" + phrase.joined(separator: " ") + "\"", tokenizer: analyzer).clauses[0]
        let found = try PhrasePostings.collect(clause, in: segment)
        let want = bruteForcePhrasePostings(clause, documents: documents, analyzer: analyzer)
        #expect(found.docs == want.docs && found.frequencies == want.frequencies, "\(phrase)")
        matched += want.count
    }
    #expect(matched > 100, "the random phrases should match often")
}

/// With three or more distinct words only the two rarest are intersected: the commonest word's cursor is
/// moved only to documents where the rarer words line up. Here "plain" is in every document and "rare"
/// and "odd" share thirteen, but line up ("rare odd") in two of them only.
@Test func phraseScanMovesTheCommonestWordOnlyWhereTheRarerOnesLineUp() throws {
    let analyzer = try Analyzer()
    let documents = plainDocuments(rarerWords: "odd plain words then rare plain", body217: "words rare odd plain here",
                                   summary637: "rare odd words")
    let segment = CountingSegment(inner: InMemorySegment(documents: documents, tokenizer: analyzer))
    let clause = Query(parsing: "\"rare odd plain\"", tokenizer: analyzer).clauses[0]
    let found = try PhrasePostings.collect(clause, in: segment)
    #expect(found.docs == [217])
    #expect(found.frequencies == [0, 0, 1])
    let moves = segment.use.moves["plain"] ?? 0
    #expect(moves >= 1 && moves <= 2, "\(moves) moves of the commonest word's cursor")
    #expect((segment.use.moves["rare"] ?? 0) >= 13)
}

/// A phrase that repeats a word narrows its candidates like a phrase of distinct words: the two rarest
/// words are intersected, the repeated word's other place is checked at the starts they leave, and the
/// commonest word's cursor moves only where those line up. Here "plain" is in every document and "rare
/// odd rare" lines up in two of the thirteen documents holding both rarer words (the general scan, which
/// moves every cursor to every shared document, would move "plain" thirteen times).
@Test func phraseWithARepeatedWordMovesTheCommonestWordOnlyWhereTheRarerOnesLineUp() throws {
    let analyzer = try Analyzer()
    let documents = plainDocuments(rarerWords: "odd plain rare then rare odd plain", body217: "words rare odd rare plain here",
                                   summary637: "rare odd rare plain and rare odd rare plain")
    let segment = CountingSegment(inner: InMemorySegment(documents: documents, tokenizer: analyzer))
    let clause = Query(parsing: "\"rare odd rare plain\"", tokenizer: analyzer).clauses[0]
    let found = try PhrasePostings.collect(clause, in: segment)
    #expect(found.docs == [217, 637])
    #expect(found.frequencies == [0, 0, 1, 0, 2, 0])
    let moves = segment.use.moves["plain"] ?? 0
    #expect(moves >= 1 && moves <= 3, "\(moves) moves of the commonest word's cursor")
    let want = bruteForcePhrasePostings(clause, documents: documents, analyzer: analyzer)
    #expect(found.docs == want.docs && found.frequencies == want.frequencies)
}

/// 900 documents with "plain" in every title and body; every 70th from the 7th (thirteen) has the body
/// `rarerWords` instead, then document 217 the body `body217` and document 637 the summary `summary637`.
private func plainDocuments(rarerWords: String, body217: String, summary637: String) -> [[String: String]] {
    var documents: [[String: String]] = (0..<900).map { i in
        ["id": "doc-\(i)", "title": "plain title", "body": "plain words plain \(i % 3 == 0 ? "more plain" : "")"]
    }
    for i in stride(from: 7, to: 900, by: 70) { documents[i]["body"] = rarerWords }
    documents[217]["body"] = body217
    documents[637]["summary"] = summary637
    return documents
}
