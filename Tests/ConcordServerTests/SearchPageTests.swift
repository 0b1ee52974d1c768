import Concord
import Foundation
import HummingbirdTesting
import Testing
@testable import ConcordServer

/// The search page: the seed's elements (range line, dates, titles linking to records, highlighted
/// snippets, ids and sources), page links, options kept in the URL and the form, and its empty states.
@Suite struct SearchPageTests {
    @Test func firstPageShowsTheArchiveListing() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        try await archive.withClient { client, service in
            let expected = try service.search(SearchRequest(query: "convoy"))
            try await client.execute(uri: "/?q=convoy", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = response.text
                #expect(html.contains("Results 1–10 of \(ServedArchive.convoyCount)"))
                #expect(html.contains(#"value="convoy""#), "the query stays in the box")
                #expect(html.occurrences(of: #"<li class="hit">"#) == 10)
                for hit in expected.results {
                    #expect(html.contains(#"href="/records/\#(hit.id)?q=convoy""#))
                    #expect(html.contains(#"<span class="id">\#(hit.id)</span>"#))
                    if let date = hit.date { #expect(html.contains(date.display)) }
                }
                #expect(html.contains("<mark>convoy</mark>"))
                #expect(html.contains(#"<time datetime="1941-02-15">February 15, 1941</time>"#) || expected.results.allSatisfy { $0.id != "convoy-1" })
                #expect(html.contains("<main"))
                #expect(html.contains(#"role="search""#))
                #expect(html.contains(#"<label for="q""#))
            }
        }
    }

    @Test func pageLinksWalkThroughEveryResultOnce() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        try await archive.withClient { client, service in
            var seen: [String] = []
            var uri: String? = "/?q=convoy"
            var pages = 0
            while let next = uri {
                pages += 1
                try await client.execute(uri: next, method: .get) { response in
                    #expect(response.status == .ok)
                    let html = response.text
                    seen += Self.ids(in: html)
                    uri = Self.link(rel: "next", in: html)
                    if pages == 2 {
                        #expect(html.contains("Results 11–20 of \(ServedArchive.convoyCount)"))
                        #expect(Self.link(rel: "first", in: html) == "/?q=convoy")
                        #expect(Self.link(rel: "prev", in: html) == "/?q=convoy")
                        #expect(html.contains(#"<span aria-current="page">2</span>"#))
                        #expect(html.contains(#"<a href="/?q=convoy&amp;page=3">3</a>"#))
                    }
                }
                if pages > 5 { break }
            }
            #expect(pages == 3)
            let all = try service.search(SearchRequest(query: "convoy", limit: 100)).results.map(\.id)
            #expect(seen == all)
        }
    }

    @Test func optionsStayInTheURLAndTheForm() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        try await archive.withClient { client, _ in
            try await client.execute(uri: "/?q=convoy&sort=-date&from=1945&to=1960&limit=5", method: .get) { response in
                let html = response.text
                #expect(html.contains(#"<option value="-date" selected>"#))
                #expect(html.contains(#"id="from" name="from" value="1945""#))
                #expect(html.contains(#"id="to" name="to" value="1960""#))
                #expect(html.contains(#"name="limit" value="5""#))
                if let next = Self.link(rel: "next", in: html) {
                    #expect(next == "/?q=convoy&sort=-date&from=1945&to=1960&limit=5&page=2")
                }
            }
        }
    }

    @Test func hostileTextIsShownAsText() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        try await archive.withClient { client, _ in
            try await client.execute(uri: "/?q=convoy&limit=100", method: .get) { response in
                let html = response.text
                #expect(!html.contains("<script"))
                #expect(!html.contains("<b>bold"))
                #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"))
                #expect(html.contains("&lt;b&gt;bold&lt;/b&gt;"))
            }
            let hostileQuery = QueryString.encode(#""><script>alert(2)</script>"#)
            try await client.execute(uri: "/?q=\(hostileQuery)", method: .get) { response in
                let html = response.text
                #expect(!html.contains("<script"))
                #expect(html.contains("&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"))
                #expect(response.headers[.init("Content-Security-Policy")!]?.contains("default-src 'none'") == true)
            }
        }
    }

    @Test func emptyStates() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        try await archive.withClient { client, _ in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("Search the archive"))
                #expect(!response.text.contains("Results "))
            }
            try await client.execute(uri: "/?q=zeppelinxyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains("No results for “zeppelinxyz”"))
            }
            try await client.execute(uri: "/?q=convoy&page=9", method: .get) { response in
                #expect(response.text.contains("No results on page 9"))
                #expect(response.text.contains(#"href="/?q=convoy">Go to the first page"#))
            }
            try await client.execute(uri: "/?q=convoy&page=zero", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.text.contains("page must be a whole number"))
            }
        }
    }

    /// Record ids in result order.
    static func ids(in html: String) -> [String] {
        html.components(separatedBy: #"<span class="id">"#).dropFirst().compactMap { $0.components(separatedBy: "</span>").first }
    }

    /// The href of the link with `rel`, unescaped.
    static func link(rel: String, in html: String) -> String? {
        guard let tail = html.components(separatedBy: #"" rel="\#(rel)">"#).first, tail.count < html.count else { return nil }
        return tail.components(separatedBy: #"<a href=""#).last?.replacingOccurrences(of: "&amp;", with: "&")
    }
}
