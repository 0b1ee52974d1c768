import ConcordIndex
import ConcordStorage
import Foundation

/// Searches one index from many threads at once and follows its commits: what the CLI does per query
/// (open, search, page, sort, filter, facet, suggest, snippet, the JSON shape), kept open for a server or
/// any long-running Swift program.
///
///     let service = try SearchService(index: IndexFolder(path: "Index"))
///     let response = try service.search(SearchRequest(query: "armistice talks", page: 2, sort: .dateAscending))
///     print(response.total, response.results.map(\.title))
///     print(response.jsonText)            // exactly `concord search --format json`
///
/// Guarantees:
/// - Thread-safe: every call may run concurrently with any other. Each search borrows an
///   ``IndexSearcher`` (which is not thread-safe: it keeps decompression and analysis state) from a
///   pool that hands it to one caller at a time; segment files are memory-mapped and read-only.
/// - Follows new commits without a restart: at most every `refreshInterval` (on the next call after it
///   has passed) the service lists the index's `commit-*` files; when a newer commit exists, later
///   searches run on it. A search that has started finishes on the commit it started with (the files of
///   a superseded commit stay mapped until its last searcher is released). A search only ever sees a
///   whole commit: readers open a commit's complete file set, never a commit being written.
/// - Equal requests on the same commit give equal responses, whether they come from the CLI, the
///   server or a library caller.
public final class SearchService: @unchecked Sendable {
    /// The folder searched.
    public let index: IndexFolder
    /// How long a known commit is trusted before the folder is listed again.
    public let refreshInterval: Duration
    /// Idle searchers kept per commit (more may exist while searches run; extras are dropped).
    public let maximumIdleSearchers: Int

    private let directory: FileSystemDirectory
    private let clock = ContinuousClock()
    private let lock = NSLock()
    // Guarded by `lock`:
    private var pool: SearcherPool
    private var lastCheck: ContinuousClock.Instant
    private var statisticsCache: (generation: Int, value: IndexStatistics)?

    /// Opens the newest commit of `index` (throws `IndexError.noIndex` when the folder holds none).
    public init(index: IndexFolder, refreshInterval: Duration = .milliseconds(500), maximumIdleSearchers: Int = 16) throws {
        self.index = index
        self.refreshInterval = refreshInterval
        self.maximumIdleSearchers = max(maximumIdleSearchers, 1)
        directory = try index.directory()
        lastCheck = clock.now
        pool = SearcherPool(generation: -1)
        let (searcher, generation) = try openSearcher()
        pool = SearcherPool(generation: generation)
        pool.idle.append(searcher)
    }

    /// The commit generation new searches run on (as of the last check of the folder).
    public var generation: Int {
        lock.withLock { pool.generation }
    }

    /// Runs `request` on the newest commit known (checking the folder first when `refreshInterval` has
    /// passed). Errors of the request (bad paging, bad syntax) and of the index pass through unchanged.
    public func search(_ request: SearchRequest) throws -> SearchResponse {
        let (searcher, generation) = try checkOut()
        defer { checkIn(searcher, generation: generation) }
        return try searcher.search(request)
    }

    /// Live documents in the commit served (cheap: read from a pooled searcher).
    public func documentCount() throws -> Int {
        let (searcher, generation) = try checkOut()
        defer { checkIn(searcher, generation: generation) }
        return searcher.documentCount
    }

    /// Lists the folder now and switches to its newest commit when that is newer than the one served.
    /// Returns the generation served afterwards.
    @discardableResult
    public func refresh() throws -> Int {
        let newest = try newestGeneration()
        return lock.withLock {
            lastCheck = clock.now
            if newest > pool.generation { pool = SearcherPool(generation: newest) }
            return pool.generation
        }
    }

    /// Size and shape of the commit served (computed once per commit).
    public func statistics() throws -> IndexStatistics {
        try refreshIfDue()
        let served = generation
        if let cached = lock.withLock({ statisticsCache }), cached.generation == served { return cached.value }
        let reader = try IndexReader(directory: directory, verifyChecksums: false)
        let value = try IndexStatistics(reader: reader)
        lock.withLock {
            if (statisticsCache?.generation ?? -1) <= value.commitGeneration {
                statisticsCache = (value.commitGeneration, value)
            }
        }
        return value
    }

    // MARK: - The searcher pool

    /// A searcher no other caller holds, and the generation of the commit it reads.
    private func checkOut() throws -> (IndexSearcher, Int) {
        try refreshIfDue()
        if let borrowed = lock.withLock({ () -> (IndexSearcher, Int)? in
            pool.idle.popLast().map { ($0, pool.generation) }
        }) {
            return borrowed
        }
        let (searcher, generation) = try openSearcher()
        lock.withLock {
            if generation > pool.generation { pool = SearcherPool(generation: generation) }
        }
        return (searcher, generation)
    }

    /// Returns a searcher to the pool if its commit is still the one served (else it is dropped, and with
    /// the last of them the superseded commit's mappings).
    private func checkIn(_ searcher: IndexSearcher, generation: Int) {
        lock.withLock {
            if generation == pool.generation, pool.idle.count < maximumIdleSearchers {
                pool.idle.append(searcher)
            }
        }
    }

    private func refreshIfDue() throws {
        let due = lock.withLock { clock.now - lastCheck >= refreshInterval }
        if due { try refresh() }
    }

    /// Opens a searcher on the newest commit and learns which commit that is: the newest generation
    /// listed before and after opening agree (a commit landing in between makes it try again; after a
    /// few tries the searcher is used once and not pooled: generation -1).
    private func openSearcher() throws -> (IndexSearcher, Int) {
        var attempts = 0
        while true {
            let before = try newestGeneration()
            let searcher = try index.openSearcher()
            let after = try newestGeneration()
            if before == after { return (searcher, before) }
            attempts += 1
            if attempts >= 4 { return (searcher, -1) }
        }
    }

    private func newestGeneration() throws -> Int {
        guard let newest = try Commit.generations(in: directory).last else { throw IndexError.noIndex(path: directory.path) }
        return newest
    }

    // MARK: - Records

    /// The index terms a hit of `query` should highlight (see `IndexSearcher.highlightTerms(for:)`).
    public func highlightTerms(for query: String) throws -> Set<String> {
        let (searcher, generation) = try checkOut()
        defer { checkIn(searcher, generation: generation) }
        return try searcher.highlightTerms(for: query)
    }

    /// The whole stored record with this id in the commit served, or nil when there is none.
    /// Ids are looked up in the index's document tables, never used as paths.
    public func record(id: String) throws -> StoredRecord? {
        let (searcher, generation) = try checkOut()
        defer { checkIn(searcher, generation: generation) }
        return try searcher.record(id: id)
    }
}

/// Searchers opened on one commit, waiting to be borrowed.
private final class SearcherPool {
    let generation: Int
    var idle: [IndexSearcher] = []

    init(generation: Int) { self.generation = generation }
}
