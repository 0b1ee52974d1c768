import ConcordAnalysis
import Testing
@testable import ConcordSearch

// MARK: - Analysis into clauses

@Test func hyphenatedWordBecomesPhraseOfItsParts() throws {
    let analyzer = try Analyzer()
    for word in ["Sino-Soviet", "U.S.-Soviet", "e-mail"] {
        let tokens = analyzer.tokens(word)
        try #require(tokens.count > 1, "analyzer keeps \(word) whole; test assumption broken")
        let query = Query(parsing: word, tokenizer: analyzer)
        let expected = QueryClause(
            occur: .should, terms: tokens.map(\.term), offsets: tokens.map { $0.position - tokens[0].position })
        #expect(query.clauses == [expected], "\(word)")
    }
}

@Test func repeatedTermsMergeIntoOneClauseWeightedByRepeats() throws {
    let analyzer = try Analyzer()
    let term = try #require(analyzer.tokens("river").first).term
    func clause(_ occur: Occur, _ queryFrequency: Int) -> QueryClause {
        var clause = QueryClause(occur: occur, term: term)
        clause.queryFrequency = queryFrequency
        return clause
    }
    #expect(Query(parsing: "river", tokenizer: analyzer).clauses == [clause(.should, 1)])
    #expect(Query(parsing: "river river", tokenizer: analyzer).clauses == [clause(.should, 2)])
    #expect(Query(parsing: "river +river river", tokenizer: analyzer).clauses == [clause(.must, 3)])
    #expect(Query(parsing: "river -river", tokenizer: analyzer).clauses == [clause(.mustNot, 0)])
    #expect(Query(parsing: "-river river", tokenizer: analyzer).clauses == [clause(.mustNot, 0)])
}

@Test func aRepeatedTermScoresAsManyTimesAsItIsRepeated() throws {
    let analyzer = try Analyzer()
    let index = InMemoryIndex(segments: [InMemorySegment(
        documents: [["id": "a", "title": "river", "body": "stone"], ["id": "b", "summary": "river cloud river"],
                    ["id": "c", "body": "cloud"]], tokenizer: analyzer)])
    let searcher = Searcher(index: index)
    let once = try searcher.search(Query(parsing: "river cloud", tokenizer: analyzer))
    let twice = try searcher.search(Query(parsing: "river cloud river", tokenizer: analyzer))
    #expect(once.total == twice.total)
    for hit in twice.hits {
        let single = try #require(once.hits.first { $0.id == hit.id })
        let parts = try searcher.search(Query(parsing: "river", tokenizer: analyzer)).hits.first { $0.id == hit.id }?.score ?? 0
        #expect(abs(hit.score - (single.score + parts)) <= 1e-12 * hit.score, "doc \(hit.id)")
    }
}

@Test func degenerateInputsGiveNoPositiveClauses() throws {
    let analyzer = try Analyzer()
    for input in ["", "   ", "-", "+", "\"\"", "!!! ...", "-river", "-river -\"stone cloud\"", "\"", "+\"  \""] {
        #expect(!Query(parsing: input, tokenizer: analyzer).hasPositiveClauses, "input: \(input.debugDescription)")
    }
}

@Test func degenerateQueriesReturnNoHits() throws {
    let analyzer = try Analyzer()
    let index = InMemoryIndex(segments: [InMemorySegment(
        documents: [["id": "a", "title": "river", "body": "stone"], ["id": "b", "title": "cloud"]], tokenizer: analyzer)])
    let searcher = Searcher(index: index)
    for input in ["", "-river", "-river -cloud", "!!!", "- +", "\"\""] {
        let results = try searcher.search(Query(parsing: input, tokenizer: analyzer))
        #expect(results.total == 0 && results.hits.isEmpty, "input: \(input.debugDescription)")
    }
    // A lone operator next to a real word is ignored, not an error.
    #expect(try searcher.search(Query(parsing: "- river +", tokenizer: analyzer)).total == 1)
    // An unterminated quote is a phrase to the end of the input.
    #expect(try searcher.search(Query(parsing: "\"river", tokenizer: analyzer)).total == 1)
}

// MARK: - Stop words

@Test func stopWordsDroppedFromRankedQueryWithContentTerms() throws {
    let tokenizer = try StopWordTokenizer(stopWords: ["the", "of"])
    let river = try #require(tokenizer.tokens("river").first).term
    #expect(Query(parsing: "the river of", tokenizer: tokenizer).clauses == [QueryClause(occur: .should, term: river)])
}

@Test func queryOfOnlyStopWordsKeepsThem() throws {
    let tokenizer = try StopWordTokenizer(stopWords: ["the", "of"])
    let clauses = Query(parsing: "the of", tokenizer: tokenizer).clauses
    #expect(clauses.map(\.terms) == tokenizer.tokens("the of").map { [$0.term] })
    #expect(clauses.allSatisfy { $0.occur == .should && $0.isStopWord })
}

@Test func stopWordsStayInsidePhrasesAndWhenRequiredOrExcluded() throws {
    let tokenizer = try StopWordTokenizer(stopWords: ["the", "of"])
    let phrase = Query(parsing: "\"the who\" river", tokenizer: tokenizer).clauses
    #expect(phrase.first?.terms == tokenizer.tokens("the who").map(\.term))
    let required = Query(parsing: "+the -of river", tokenizer: tokenizer).clauses
    #expect(required.map(\.occur) == [.must, .mustNot, .should])
}

@Test func stopWordPhraseSearchUsesExactPositions() throws {
    let tokenizer = try StopWordTokenizer(stopWords: ["the", "is"])
    let index = InMemoryIndex(segments: [InMemorySegment(documents: [
        ["id": "a", "body": "the who played loudly"],
        ["id": "b", "body": "who is the drummer"],
        ["id": "c", "body": "the band who played"],
    ], tokenizer: tokenizer)])
    let searcher = Searcher(index: index)
    let phrase = try searcher.search(Query(parsing: "\"the who\"", tokenizer: tokenizer))
    #expect(phrase.hits.map(\.id) == ["a"] && phrase.total == 1)
    // Only stop words: still searchable, using them.
    #expect(try searcher.search(Query(parsing: "the", tokenizer: tokenizer)).total == 3)
    // With a content word the stop word neither matches nor scores.
    let mixed = try searcher.search(Query(parsing: "the drummer", tokenizer: tokenizer), explain: true)
    #expect(mixed.hits.map(\.id) == ["b"])
    #expect(mixed.hits.first?.explanation?.clauses.count == 1)
}
