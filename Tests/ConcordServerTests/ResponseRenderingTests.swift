@testable import Concord
import Foundation
import Testing
@testable import ConcordServer

/// What the page makes of response fields the search layer fills (facets, suggestion, snippet field,
/// metadata fields), rendered from hand-made responses so the page is checked whatever the engine returns.
@Suite struct ResponseRenderingTests {
    static func response() -> SearchResponse {
        var response = SearchResponse(query: "Kruschev", total: 12, page: 1, limit: 10, results: [
            SearchResult(rank: 1, id: "k-1", score: 1.5, title: "Talks in Vienna", date: PartialDate(parsing: "1961-06-04"),
                         snippet: "Khrushchev met the president", highlights: [[0, 10]], source: "a.jsonl", line: 3, explanation: nil),
        ])
        response.results[0].snippetField = "body"
        response.results[0].fields = ["collection": "frus"]
        response.suggestion = "Khrushchev"
        response.facets = [
            FacetResult(kind: .year, counts: [.init(value: "1960", count: 4), .init(value: "1961", count: 8)]),
            FacetResult(kind: .decade, counts: [.init(value: "1960s", count: 12)]),
            FacetResult(kind: .field("collection"), counts: [.init(value: "frus", count: 9), .init(value: "state dept", count: 3)]),
        ]
        return response
    }

    static func render(_ parameters: SearchParameters, _ response: SearchResponse) throws -> String {
        let page = SearchPage(parameters: parameters, response: response, problem: nil, documents: 99)
        return try #require(try PageTemplates.library().render(page.context(), withTemplate: "search"))
    }

    @Test func facetsSuggestionAndSnippetFieldAreShown() throws {
        let html = try Self.render(SearchParameters(query: "Kruschev", sort: .dateAscending), Self.response())
        #expect(html.contains(#"Did you mean <a href="/?q=Khrushchev&amp;sort=date">Khrushchev</a>?"#))
        #expect(html.contains(#"<a href="/?q=Kruschev&amp;sort=date&amp;from=1961&amp;to=1961"><span class="value">1961</span> <span class="count">8</span>"#))
        #expect(html.contains(#"<a href="/?q=Kruschev&amp;sort=date&amp;from=1960&amp;to=1969"><span class="value">1960s</span>"#))
        #expect(html.contains(#"href="/?q=Kruschev+%2Bcollection%3A%22state+dept%22&amp;sort=date""#))
        #expect(html.contains("<h2 id=\"facet-year\">By year</h2>"))
        #expect(html.contains("from the body"))
        #expect(html.contains("collection: frus"))
        #expect(html.contains("<mark>Khrushchev</mark> met the president"))
        #expect(html.contains(#"style="width:100%""#) && html.contains(#"style="width:50%""#))
    }

    @Test func selectedYearIsMarkedAndFacetDefaultsFollowTheRange() throws {
        let narrowed = SearchParameters(query: "Kruschev", from: "1961", to: "1961")
        let html = try Self.render(narrowed, Self.response())
        #expect(html.contains(#"to=1961" aria-current="true"><span class="value">1961</span>"#))
        #expect(SearchPage.facets(for: narrowed) == [.year])
        #expect(SearchPage.facets(for: SearchParameters(query: "x")) == [.decade])
        #expect(SearchPage.facets(for: SearchParameters(query: "x", from: "1900", to: "1990")) == [.decade])
        #expect(SearchPage.facets(for: SearchParameters(query: "x", facets: [.field("collection")])) == [.field("collection")])
    }

    @Test func facetLinksQuoteValuesThatWouldEndABareValue() throws {
        // `collection:memo(draft)` would read as the value "memo" followed by a group (draft).
        #expect(SearchPage.keywordValue("memo(draft)") == #""memo(draft)""#)
        #expect(SearchPage.keywordValue("state\tdept") == "\"state\tdept\"")
        #expect(SearchPage.keywordValue("a “b”") == #""a b""#)
        #expect(SearchPage.keywordValue("frus") == "frus")
        var response = Self.response()
        response.facets = [FacetResult(kind: .field("collection"), counts: [.init(value: "memo(draft)", count: 2)])]
        let html = try Self.render(SearchParameters(query: "Kruschev"), response)
        #expect(html.contains(#"href="/?q=Kruschev+%2Bcollection%3A%22memo%28draft%29%22""#), "\(html)")
    }

    @Test func recordLinksKeepTheSearchSoBackReturnsToTheSamePage() throws {
        let parameters = SearchParameters(query: "Kruschev", page: 2, sort: .dateAscending, from: "1961")
        var response = Self.response()
        response.page = 2
        response.results[0].rank = 11
        let html = try Self.render(parameters, response)
        #expect(html.contains(#"<a href="/records/k-1?q=Kruschev&amp;sort=date&amp;from=1961&amp;page=2">"#), "\(html)")
        // The record page reads those options back and links to the same page of results.
        let query = try #require(QueryString("q=Kruschev&sort=date&from=1961&page=2"))
        let record = StoredRecord(id: "k-1", title: "Talks in Vienna")
        let page = RecordPage(record: record, search: try SearchParameters(query), highlighter: nil, documents: nil)
        #expect(page.context()["backHref"] as? String == "/?q=Kruschev&sort=date&from=1961&page=2")
    }

    @Test func syntaxErrorPointsAtThePosition() throws {
        let page = SearchPage(parameters: SearchParameters(query: "(Vietnam OR <Laos"), response: nil,
                              problem: RequestProblem(.badRequest, "unbalanced parenthesis", position: 0), documents: nil)
        let html = try #require(try PageTemplates.library().render(page.context(), withTemplate: "search"))
        #expect(html.contains("unbalanced parenthesis"))
        #expect(html.contains("At character 0: <code><mark>(</mark>Vietnam OR &lt;Laos</code>"))
    }

    @Test func searchParametersRoundTripThroughTheURL() throws {
        let parameters = SearchParameters(query: "armistice talks & more", page: 13, limit: 20, sort: .dateDescending,
                                          from: "1950-10", to: "1953", facets: [.year, .field("collection")])
        let url = parameters.url()
        #expect(url == "/?q=armistice+talks+%26+more&sort=-date&from=1950-10&to=1953&facet=year&facet=collection&limit=20&page=13")
        let query = try #require(QueryString(String(url.dropFirst(2))))
        #expect(try SearchParameters(query) == parameters)
    }
}
