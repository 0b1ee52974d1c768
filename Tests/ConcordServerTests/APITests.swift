import Concord
import Foundation
import HummingbirdTesting
import Testing
@testable import ConcordServer

/// The JSON API: `/api/search` is byte for byte the CLI's `--format json`; records, stats and errors.
@Suite struct APITests {
    static let searches: [(query: String, page: Int, limit: Int)] = [
        ("convoy", 1, 10), ("convoy", 3, 10), ("convoy harbour", 2, 4), ("\"harbour master\"", 1, 10),
        ("+convoy -escorts", 1, 10), ("zeppelinxyz", 1, 10), ("Brücke & <b>", 1, 10),
    ]

    @Test func searchIsTheCLIsJSONByteForByte() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        let executable = try CLIProcess.executable()
        try await archive.withClient { client, _ in
            for search in Self.searches {
                let cli = try CLIProcess.run(executable, ["search", "--index", archive.index.path, "--format", "json",
                                                          "--page", String(search.page), "--limit", String(search.limit), "--", search.query])
                let uri = "/api/search?" + QueryString(pairs: [("q", search.query), ("page", String(search.page)),
                                                              ("limit", String(search.limit))]).encoded
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok)
                    #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                    #expect(Array(response.body.readableBytesView) == Array(cli.utf8), "\(search)")
                }
            }
        }
    }

    @Test func searchMatchesTheService() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        try await archive.withClient { client, service in
            let request = SearchRequest(query: "convoy", page: 2, limit: 5, sort: .dateDescending, from: "1945", to: "1960",
                                        facets: [.year, .field("collection")])
            let expected = try service.search(request).jsonText + "\n"
            try await client.execute(uri: "/api/search?q=convoy&page=2&limit=5&sort=-date&from=1945&to=1960&facet=year&facet=collection",
                                     method: .get) { response in
                #expect(response.text == expected)
            }
        }
    }

    @Test func recordsAreLookedUpByIdNeverAsPaths() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        try await archive.withClient { client, service in
            try await client.execute(uri: "/api/records/convoy-3", method: .get) { response in
                #expect(response.status == .ok)
                let json = try #require(try JSONSerialization.jsonObject(with: Data(response.text.utf8)) as? [String: Any])
                #expect(json["id"] as? String == "convoy-3")
                #expect(json["title"] as? String == "Convoy report number 3")
                #expect(json["date"] as? String == "1943-04-15")
                #expect((json["body"] as? String)?.contains("kept formation") == true)
                #expect((json["fields"] as? [String: String])?["collection"] == "merchant")
                #expect(json["source"] as? String == "records.jsonl")
                #expect(json["line"] as? Int == 4)
            }
            try await client.execute(uri: "/api/records/letters%2Fslash.txt", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.text.contains(#""title":"A letter with a slash id""#))
            }
            for missing in ["nope", "..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "records.jsonl"] {
                try await client.execute(uri: "/api/records/\(missing)", method: .get) { response in
                    #expect(response.status == .notFound, "\(missing)")
                    #expect(response.text.hasPrefix(#"{"error":{"status":404,"message":"#))
                }
            }
            #expect(try service.record(id: "convoy-3")?.summary.contains("3 escorts") == true)
        }
    }

    @Test func statsAreTheCLIsStats() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        let cli = try CLIProcess.run(try CLIProcess.executable(), ["stats", "--index", archive.index.path, "--format", "json"])
        try await archive.withClient { client, _ in
            try await client.execute(uri: "/api/stats", method: .get) { response in
                #expect(response.text == cli)
                #expect(response.text.contains(#""documents":\#(ServedArchive.convoyCount + 2)"#))
            }
        }
    }

    @Test func errorsAreJSONWithTheirStatus() async throws {
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        try await archive.withClient { client, _ in
            let cases: [(String, Int, String)] = [
                ("/api/search?q=convoy&page=0", 400, "page must be"),
                ("/api/search?q=convoy&limit=5000", 400, "limit must be"),
                ("/api/search?q=convoy&sort=sideways", 400, "sort must be"),
                ("/api/search?q=%E0%A4", 400, "percent-encoded"),
                ("/api/search?q=convoy&from=1950-13", 400, "from must be a date"),
                ("/api/search?q=convoy&to=soon", 400, "to must be a date"),
                ("/api/nowhere", 404, "nothing at /api/nowhere"),
                ("/api/search?q=" + String(repeating: "a", count: 9000), 414, "longer than 8192"),
            ]
            for (uri, status, message) in cases {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(Int(response.status.code) == status, "\(uri.prefix(60))")
                    #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                    #expect(response.text.hasPrefix(#"{"error":{"status":\#(status),"message":"#), "\(response.text.prefix(200))")
                    #expect(response.text.contains(message), "\(response.text.prefix(200))")
                    #expect(response.headers[.init("Content-Security-Policy")!] != nil)
                }
            }
            try await client.execute(uri: "/?q=" + String(repeating: "b", count: 9000), method: .get) { response in
                #expect(response.status == .uriTooLong)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
            }
        }
    }

    @Test func searchLayerErrorsAreBadRequestsWithTheirPosition() throws {
        let problem = RequestProblem(.badRequest, "unbalanced parenthesis", position: 7)
        #expect(problem.jsonObject.text == #"{"error":{"status":400,"message":"unbalanced parenthesis","position":7}}"#)
        let parseFailure = RequestProblem.from(QueryError("unbalanced parenthesis", at: 3))
        #expect(parseFailure.status == .badRequest)
        #expect(parseFailure.position == 3, "the position is the query error's")
        let tooLong = RequestProblem.from(SearchError.queryTooLong(bytes: 70_000, limit: 65_536))
        #expect(tooLong.status == .badRequest && tooLong.position == nil)
        let archive = try ServedArchive.make()
        defer { archive.remove() }
        do {
            _ = try SearchService(index: IndexFolder(path: archive.root.appendingPathComponent("corpus").path))
            Issue.record("a folder without an index opened")
        } catch {
            #expect(RequestProblem.from(error).status == .internalServerError, "index errors are the server's: \(error)")
        }
        let service = try SearchService(index: archive.index)
        #expect(throws: (any Error).self) { try service.search(SearchRequest(query: "convoy", page: 0)) }
        do {
            _ = try service.search(SearchRequest(query: "convoy", page: 0))
        } catch {
            #expect(RequestProblem.from(error).status == .badRequest, "\(error)")
        }
    }
}
