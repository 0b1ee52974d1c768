import Concord
import Foundation
import HummingbirdTesting
import Testing
@testable import ConcordServer

/// The record page: the whole record, escaped, with the query's words highlighted when reached from a search.
@Suite struct RecordPageTests {
    @Test func recordPageShowsTheWholeRecord() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        try await archive.withClient { client, _ in
            try await client.execute(uri: "/records/convoy-3", method: .get) { response in
                #expect(response.status == .ok)
                let html = response.text
                #expect(html.contains(#"<h1 id="record-title">Convoy report number 3</h1>"#))
                #expect(html.contains("April 15, 1943"))
                #expect(html.contains("<dt>collection</dt><dd>merchant</dd>"))
                #expect(html.contains("<p>Opening lines of report 3.</p><p>The convoy kept formation through the night.</p>"))
                #expect(html.contains("records.jsonl:4"))
                #expect(!html.contains("<mark>"), "nothing is highlighted without a query")
            }
            try await client.execute(uri: "/records/convoy-3?q=convoys+formations", method: .get) { response in
                let html = response.text
                #expect(html.contains("<mark>Convoy</mark> report number 3"))
                #expect(html.contains("The <mark>convoy</mark> kept <mark>formation</mark> through"))
                #expect(html.contains(#"href="/?q=convoys+formations">← Back to the results"#))
            }
            // Field scopes, prefixes, fuzzy terms and operators highlight what the search matched.
            try await client.execute(uri: "/records/convoy-3?q=title:convoys+AND+forma*+NOT+nigth~", method: .get) { response in
                let html = response.text
                #expect(html.contains("<mark>Convoy</mark> report number 3"), "\(html)")
                #expect(html.contains("The <mark>convoy</mark> kept <mark>formation</mark> through the night"), "\(html)")
            }
        }
    }

    @Test func hostileRecordIsEscaped() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        try await archive.withClient { client, _ in
            try await client.execute(uri: "/records/hostile?q=alert", method: .get) { response in
                let html = response.text
                #expect(!html.contains("<script"))
                #expect(!html.contains("<i>else"))
                #expect(html.contains("&lt;script&gt;<mark>alert</mark>(1)&lt;/script&gt; &amp; &quot;quoted&quot;"))
            }
        }
    }

    @Test func unknownRecordIsA404Page() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        try await archive.withClient { client, _ in
            try await client.execute(uri: "/records/%3Cb%3Enope", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.text.contains("no record has the id &lt;b&gt;nope"))
            }
        }
    }
}
