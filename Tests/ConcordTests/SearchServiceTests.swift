import Foundation
import Testing
@testable import Concord

/// `SearchService` answers from many threads at once while a writer commits, each answer from one
/// whole commit, and moves to new commits without being reopened.
@Suite struct SearchServiceTests {
    /// Commit `k` holds batches 1…k of 30 documents each, all with the word "sharedword".
    static func batch(_ k: Int) -> String {
        (0..<30).map { i in
            "{\"id\": \"b\(k)-\(i)\", \"title\": \"Batch \(k) item \(i)\", \"summary\": \"sharedword filler \(i)\"}\n"
        }.joined()
    }

    @Test func concurrentSearchesSeeWholeCommitsAndFollowNewOnes() throws {
        let folder = try TemporaryFolder("service")
        defer { folder.remove() }
        let corpus = folder.appending("corpus")
        try TestFiles.write(Self.batch(1), to: corpus + "/batch1.jsonl")
        let index = IndexFolder(path: folder.appending("index"))
        _ = try index.update(fromCorpus: corpus)
        let service = try SearchService(index: index, refreshInterval: .milliseconds(20))
        let commits = 6

        let failures = Failures()
        let totals = Failures()
        let group = DispatchGroup()
        let done = Flag()
        for thread in 0..<4 {
            group.enter()
            Thread {
                defer { group.leave() }
                while !done.isSet {
                    do {
                        let response = try service.search(SearchRequest(query: "sharedword", page: 1 + thread % 2, limit: 7))
                        let ids = Set(response.results.map(\.id))
                        if response.total % 30 != 0 || response.total == 0 || ids.count != response.results.count {
                            failures.add("partial commit: total \(response.total)")
                        }
                        totals.add(String(response.total))
                    } catch {
                        failures.add("\(error)")
                    }
                    Thread.sleep(forTimeInterval: 0.002)   // leave the writer (and other tests) some CPU
                }
            }.start()
        }
        for k in 2...commits {
            try TestFiles.write(Self.batch(k), to: corpus + "/batch\(k).jsonl")
            _ = try index.update(fromCorpus: corpus)
            Thread.sleep(forTimeInterval: 0.05)
        }
        Thread.sleep(forTimeInterval: 0.1)
        done.set()
        group.wait()
        #expect(failures.items.isEmpty, "\(failures.items.prefix(5))")
        #expect(try service.search(SearchRequest(query: "sharedword", limit: 0)).total == 30 * commits)
        #expect(Set(totals.items).count > 1, "searches saw more than one commit")
        #expect(try service.record(id: "b\(commits)-3")?.title == "Batch \(commits) item 3")
        #expect(try service.record(id: "missing") == nil)
        #expect(try service.statistics().documents == 30 * commits)
    }

    @Test func noIndexIsAnError() throws {
        let folder = try TemporaryFolder("service-empty")
        defer { folder.remove() }
        #expect(throws: (any Error).self) { try SearchService(index: IndexFolder(path: folder.path)) }
    }
}

private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []
    func add(_ item: String) { lock.withLock { list.append(item) } }
    var items: [String] { lock.withLock { list } }
}

private final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.withLock { value = true } }
    var isSet: Bool { lock.withLock { value } }
}
