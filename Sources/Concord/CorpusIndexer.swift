import ConcordAnalysis
import ConcordIndex
import ConcordIngest
import ConcordStorage
import Foundation

/// Brings an index up to date with a corpus folder: reads only files whose size, modification time or
/// content changed, deletes removed and replaced records, adds new and changed ones, and commits once.
///
/// The result equals a fresh build of the same corpus: the same documents with the same content, the
/// same winner for duplicate ids (last in path order, then line order), and statistics of live
/// documents only. A crash at any point leaves the previous commit as the index.
public struct CorpusIndexer {
    /// Options of one run.
    public struct Options: Sendable {
        public var rebuild = false
        /// Analyzer language for a new index (an existing index keeps its own unless rebuilt).
        public var language: String?
        public var ramBudget = 256 << 20
        public var waitForLock = false
        public var mergePolicy = TieredMergePolicy()
        public init() {}
    }

    /// Progress callback: documents processed so far and the total to process.
    public typealias Progress = (_ done: Int, _ total: Int) -> Void

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    public func run(corpus: Corpus, index directory: Directory, progress: Progress? = nil) throws -> IndexingReport {
        let started = Date()
        let requested = try IndexSettings.standard(language: options.language ?? "english")
        let writer = try IndexWriter(directory: directory, settings: try requested.encoded(), ramBudget: options.ramBudget,
                                     wait: options.waitForLock)
        defer { writer.close() }
        writer.mergePolicy = options.mergePolicy

        var settings = requested
        var rebuild = options.rebuild || writer.isNew
        if !writer.isNew {
            let existing = try IndexSettings.decode(writer.lastCommit.settings)
            if options.rebuild {
                settings = options.language == nil ? existing : requested
            } else {
                if let language = options.language, language != existing.analyzer.language {
                    throw ConcordError.settingsMismatch(existing: existing.analyzer.language, requested: language)
                }
                settings = existing
                if existing.schemaVersion != IndexSettings.currentSchemaVersion { rebuild = true }
            }
        }
        if settings.encodedOrEmpty != writer.lastCommit.settings && !writer.isNew { rebuild = true }
        let analyzer = DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer))

        let previous = rebuild ? CorpusManifest() : try CorpusManifest(decoding: writer.lastCommit.userData)
        let previousByPath = Dictionary(previous.entries.map { ($0.path, $0) }, uniquingKeysWith: { _, last in last })

        // 1. Scan: unchanged files keep their manifest entry; others are read.
        var entries: [CorpusManifest.Entry] = []
        var fresh: [String: [Document]] = [:]
        for file in try corpus.files() {
            if let old = previousByPath[file.path], old.size == file.size, old.modificationTime == file.modificationTime {
                entries.append(old)
                continue
            }
            let contents = try corpus.read(file)
            entries.append(Self.entry(for: file, contents))
            fresh[file.path] = contents.documents
        }

        // 2. Resolve winners now and as of the last commit.
        let resolution = DuplicateResolution(entries)
        let previousResolution = DuplicateResolution(previous.entries)
        var report = IndexingReport()
        report.diagnostics = entries.flatMap(\.diagnostics) + resolution.warnings

        let corpusUnchanged = fresh.isEmpty && entries.map(\.path) == previous.entries.map(\.path)
        if corpusUnchanged && !rebuild {
            report.unchanged = resolution.winners.count
            report.documentCount = writer.lastCommit.segments.reduce(0) { $0 + $1.liveCount }
            report.seconds = Date().timeIntervalSince(started)
            return report
        }

        // 3. Decide what to delete and what to add.
        let live = try writer.liveDocuments()
        var toAdd: [Document] = []
        var toDelete = Set<String>()
        var needed: [String: [(id: String, record: Int)]] = [:]   // unchanged files whose records must be re-read
        for (id, location) in resolution.winners {
            let entry = entries[location.entry]
            if let documents = fresh[entry.path] {
                let document = documents[location.record]
                if let hash = live[id] {
                    if hash == DocumentAnalyzer.indexedHash(document) { report.unchanged += 1; continue }
                    toDelete.insert(id)
                    report.changed += 1
                } else {
                    report.added += 1
                }
                toAdd.append(document)
            } else if let before = previousResolution.winners[id], previous.entries[before.entry].path == entry.path,
                      live[id] != nil {
                report.unchanged += 1
            } else {
                needed[entry.path, default: []].append((id, location.record))
            }
        }
        for (path, wanted) in needed {
            guard let file = try corpus.files().first(where: { $0.path == path }) else { continue }
            let documents = try corpus.read(file).documents
            for (id, record) in wanted where record < documents.count && documents[record].id == id {
                let document = documents[record]
                if let hash = live[id] {
                    if hash == DocumentAnalyzer.indexedHash(document) { report.unchanged += 1; continue }
                    toDelete.insert(id)
                    report.changed += 1
                } else {
                    report.added += 1
                }
                toAdd.append(document)
            }
        }
        for id in live.keys where resolution.winners[id] == nil {
            toDelete.insert(id)
            report.removed += 1
        }

        // 4. Apply, in corpus order so that a rebuild numbers documents the same way every time.
        try writer.deleteDocuments(withIDs: toDelete)
        let order = Dictionary(uniqueKeysWithValues: resolution.winners.map { ($0.key, $0.value) })
        toAdd.sort { a, b in
            let x = order[a.id], y = order[b.id]
            return (x?.entry ?? 0, x?.record ?? 0) < (y?.entry ?? 0, y?.record ?? 0)
        }
        try analyzeAndAdd(toAdd, analyzer: analyzer, settings: settings, writer: writer, progress: progress)
        let commit = try writer.commit(userData: CorpusManifest(entries: entries).encoded())
        report.committed = true
        report.documentCount = commit.segments.reduce(0) { $0 + $1.liveCount }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    private static func entry(for file: CorpusFile, _ contents: CorpusFileContents) -> CorpusManifest.Entry {
        CorpusManifest.Entry(path: file.path, size: file.size, modificationTime: file.modificationTime,
                             contentHash: contents.contentHash,
                             records: contents.documents.map { .init(id: $0.id, line: $0.line) },
                             diagnostics: contents.diagnostics)
    }

    /// Analyzes documents on all cores in batches and adds them to the writer in order.
    private func analyzeAndAdd(_ documents: [Document], analyzer: DocumentAnalyzer, settings: IndexSettings,
                               writer: IndexWriter, progress: Progress?) throws {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var analyzers = [analyzer]
        for _ in 1..<workers { analyzers.append(DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer))) }
        let batchSize = 1024
        var start = 0
        while start < documents.count {
            let end = min(start + batchSize, documents.count)
            let batch = documents[start..<end]
            var results = [AnalyzedDocument?](repeating: nil, count: batch.count)
            let stride = (batch.count + workers - 1) / workers
            results.withUnsafeMutableBufferPointer { out in
                let output = out
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let lower = w * stride
                    let upper = min(lower + stride, batch.count)
                    guard lower < upper else { return }
                    for i in lower..<upper { output[i] = analyzers[w].analyze(batch[batch.startIndex + i]) }
                }
            }
            for case let document? in results { try writer.addDocument(document) }
            start = end
            progress?(start, documents.count)
        }
    }
}

extension IndexSettings {
    var encodedOrEmpty: String { (try? encoded()) ?? "" }
}
