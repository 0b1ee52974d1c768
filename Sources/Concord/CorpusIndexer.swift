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
        /// A build from nothing reads each file once while no id repeats (`addInOnePass`); off, it always
        /// reads every id first and the files again to add them (for tests that compare the two).
        var buildsInOnePass = true
        public init() {}
    }

    /// Progress callback: documents processed so far and the total to process.
    public typealias Progress = (_ done: Int, _ total: Int) -> Void

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    public func run(corpus: Corpus, index directory: Directory, progress: Progress? = nil) throws -> IndexingReport {
        let started = Date()
        let requested = try IndexSettings.standard(language: options.language ?? "english")
        var (writer, settings, rebuild, previousManifest, outdated) = try openWriter(directory, requested: requested)
        // Closes the writer in use at the end (a one-pass build that stops replaces it).
        defer { writer.close() }
        configure(writer, directory)
        var analyzer = DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer))

        var previous = previousManifest
        let previousByPath = Dictionary(previous.entries.enumerated().map { ($0.element.path, $0.offset) },
                                        uniquingKeysWith: { _, last in last })

        // 1. Scan: a file whose size and modification time match the manifest is unchanged and not read.
        //    A file or folder that cannot be read is reported, and what was indexed from it is kept.
        let scanTime = Int64(Date().timeIntervalSince1970 * 1e9)
        let listing = try corpus.listing()
        var problems = listing.problems
        var files = listing.files
        var unchangedFrom: [Int?] = []
        if !listing.unreadablePaths.isEmpty {
            let listed = Set(files.map(\.path))
            for entry in previous.entries where listing.isUnreadable(entry.path) && !listed.contains(entry.path) {
                files.append(CorpusFile(path: entry.path, url: corpus.root.appendingPathComponent(entry.path),
                                        size: entry.size, modificationTime: entry.modificationTime,
                                        format: Corpus.format(ofPath: entry.path) ?? .text))
            }
            files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        }
        for file in files {
            guard let k = previousByPath[file.path], previous.entries[k].size == file.size,
                  previous.entries[k].modificationTime == file.modificationTime else {
                unchangedFrom.append(nil)
                continue
            }
            // Same size and time. That proves nothing for a file modified so close to the last scan
            // that a later edit could share its timestamp: compare its bytes' hash instead.
            if !listing.isUnreadable(file.path),
               Self.mayHaveChangedUnseen(modified: file.modificationTime, scannedAt: previous.scanTime) {
                do {
                    unchangedFrom.append(try corpus.contentHash(of: file) != previous.entries[k].contentHash ? nil : k)
                } catch let error as CorpusError {
                    problems.append(Self.diagnostic(error, path: file.path))
                    unchangedFrom.append(k)
                }
            } else {
                unchangedFrom.append(k)
            }
        }
        var report = IndexingReport()
        report.rebuiltFromFormatVersion = outdated
        let corpusUnchanged = !rebuild && unchangedFrom.allSatisfy { $0 != nil }
            && files.map(\.path) == previous.entries.map(\.path)
        if corpusUnchanged {
            // An idle run is the moment to read every byte: a damaged segment gives an error, not "up to date".
            // (A run that changes the index verifies what it builds on instead, as Lucene does: the id tables
            // it looks ids up in, and every segment before a merge copies it.)
            try writer.verifyCommittedSegments()
            report.diagnostics = problems + previous.entries.flatMap(\.diagnostics)
                + previous.duplicateWarnings.map(\.diagnostic)
            report.unchanged = previous.documentCount
            report.documentCount = writer.lastCommit.segments.reduce(0) { $0 + $1.liveCount }
            report.seconds = Date().timeIntervalSince(started)
            return report
        }

        var toDelete = Set<String>()
        var planned: [Int: RecordSelection] = [:]      // entry index → records to add
        var duplicateWarnings: [DuplicateResolution.Warning] = []
        var documentCount = 0
        var entries: [CorpusManifest.Entry] = []
        // 2–4 for a build from nothing: each file is read once, its documents added as they come, as long as
        // no id occurs twice (see `addInOnePass`).
        let onePass = rebuild && options.buildsInOnePass ? try addInOnePass(files, corpus: corpus, writer: writer, analyzer: analyzer,
                                                 settings: settings, progress: progress) : nil
        if let onePass {
            entries = onePass.entries
            files = onePass.files
            problems += onePass.problems
            report.diagnostics = entries.flatMap(\.diagnostics)
            report.added = onePass.documentCount
            documentCount = onePass.documentCount
        } else {
            if rebuild && options.buildsInOnePass {
                // An id may occur twice: what was added is dropped, and the build starts again in two passes
                // with a writer (and analyzer) exactly as at the start. The new writer takes over the old one's
                // lock, so no other writer can come in between.
                let lock = writer.rollbackKeepingLock()
                writer = try IndexWriter(directory: directory, settings: try settings.encoded(), ramBudget: options.ramBudget,
                                         wait: options.waitForLock, startEmpty: true, heldLock: lock)
                configure(writer, directory)
                analyzer = DocumentAnalyzer(analyzer: try Analyzer(configuration: settings.analyzer))
            }
            // 2. Read changed files. Their documents stay in memory while they fit the RAM budget; beyond it
            //    only ids and hashes are kept and the file is read again when its documents are added.
            //    A file that cannot be read keeps its previous entry (and documents) as if unchanged; a new one is
            //    left out. Either way it is reported, and read again next time.
            // Meanwhile the writer reads the segments' id tables and stored-field dictionary on another thread.
            if writer.mergesInBackground { writer.prepareForChanges() }
            var reader = ChangedFiles(corpus: corpus, budget: options.ramBudget / 2)
            // From nothing, every record is added and no hash is compared: streamed files need none.
            reader.hashesOnlyForKeptFiles = rebuild
            var readable: [Int] = []
            for (i, file) in files.enumerated() {
                if let k = unchangedFrom[i] {
                    entries.append(previous.entries[k])
                } else {
                    do {
                        entries.append(try reader.read(file))
                    } catch let error as CorpusError {
                        problems.append(Self.diagnostic(error, path: file.path))
                        guard let k = previousByPath[file.path] else { continue }
                        entries.append(previous.entries[k])
                        unchangedFrom[i] = k
                    }
                }
                readable.append(i)
            }
            files = readable.map { files[$0] }
            unchangedFrom = readable.map { unchangedFrom[$0] }

            if rebuild {
                // 3. (From nothing.) Every record is added but those a later duplicate replaces.
                let resolution = DuplicateResolution.FullBuild(entries)
                report.diagnostics = entries.flatMap(\.diagnostics) + resolution.warnings.map(\.diagnostic)
                for e in entries.indices where !entries[e].records.isEmpty {
                    planned[e] = .allExcept(resolution.losers[e] ?? [])
                }
                report.added = resolution.documentCount
                duplicateWarnings = resolution.warnings
                documentCount = resolution.documentCount
                // The sorted id hashes, and documents read but not kept, are gone: let the system have them.
                FreedMemory.giveBack()
            } else {
                // 3. Resolve duplicate ids. Only ids that occur in a changed, new or removed file (now or as of
                //    the last commit) can change their winner or content; every other id is unchanged.
                let changedPaths = Set(reader.hashes.keys).union(previous.entries.map(\.path)).subtracting(
                    files.indices.filter { unchangedFrom[$0] != nil }.map { files[$0].path })
                report.recordListsRead += try previous.loadRecords(
                    of: previous.entries.indices.filter { changedPaths.contains(previous.entries[$0].path) }, from: writer)
                var candidates = Set<String>()
                var previousIDs = Set<String>()      // candidates in the previous records of changed and removed files
                var previousWinner: [String: (path: String, line: Int?)] = [:]
                for entry in entries where changedPaths.contains(entry.path) {
                    for record in entry.records { candidates.insert(record.id) }
                }
                for entry in previous.entries where changedPaths.contains(entry.path) {
                    for record in entry.records { previousIDs.insert(record.id) }
                }
                candidates.formUnion(previousIDs)
                let live = try writer.liveDocuments(matching: candidates)
                // The other files' records are needed only when a candidate may occur in one of them (see
                // `mayOccurInUnchangedFiles`); otherwise they are not even read.
                if Self.mayOccurInUnchangedFiles(candidates, live: live, previousIDs: previousIDs, previous: previous,
                                                 liveCount: writer.lastCommit.segments.reduce(0) { $0 + $1.liveCount }) {
                    report.recordListsRead += try previous.loadRecords(of: previous.entries.indices, from: writer)
                    for e in entries.indices where entries[e].recordsPending {
                        guard let k = previousByPath[entries[e].path] else { continue }
                        entries[e] = previous.entries[k]
                    }
                }
                let candidateHashes = IDHashFilter(candidates.lazy.map(CorpusManifest.RecordList.idHash(of:)))
                for entry in previous.entries {
                    for r in entry.records.indices where candidateHashes.mayContain(entry.records.idHash(at: r)) {
                        let record = entry.records[r]
                        if candidates.contains(record.id) { previousWinner[record.id] = (entry.path, record.line) }
                    }
                }
                let resolution = DuplicateResolution(entries, candidates: candidates, previous: previous,
                                                     previouslyPresent: previousWinner.count)
                report.diagnostics = entries.flatMap(\.diagnostics) + resolution.warnings.map(\.diagnostic)
                report.unchanged = resolution.documentCount
                var additions: [Int: [Int]] = [:]      // entry index → record indices to add
                for id in candidates {
                    guard let location = resolution.winners[id] else {
                        if live[id] != nil {
                            toDelete.insert(id)
                            report.removed += 1
                        }
                        continue
                    }
                    report.unchanged -= 1
                    let entry = entries[location.entry]
                    if reader.hashes[entry.path] == nil {
                        if previousWinner[id]?.path == entry.path, live[id] != nil {
                            report.unchanged += 1
                            continue
                        }
                        // The record's file did not change, but the record was not indexed from it before
                        // (a duplicate elsewhere won until now): read the file for its hashes.
                        do {
                            try reader.read(files[location.entry])
                        } catch let error as CorpusError {
                            problems.append(Self.diagnostic(error, path: entry.path))
                            report.unchanged += 1
                            continue
                        }
                    }
                    let hash = reader.hashes[entry.path]?[location.record]
                    if let old = live[id] {
                        let line = entry.records[location.record].line
                        if old == hash {
                            report.unchanged += 1
                            // Same content and file, but another line: stored again so its location is right.
                            guard previousWinner[id].map({ $0.line != line }) ?? false else { continue }
                        } else {
                            report.changed += 1
                        }
                        toDelete.insert(id)
                    } else {
                        report.added += 1
                    }
                    additions[location.entry, default: []].append(location.record)
                }
                for (e, records) in additions { planned[e] = .only(Set(records)) }
                duplicateWarnings = resolution.warnings
                documentCount = resolution.documentCount
            }

            // 4. Apply: deletions first, then additions file by file in corpus order.
            try writer.deleteDocuments(withIDs: toDelete)
            let total = planned.reduce(0) { $0 + $1.value.count(of: entries[$1.key].records.count) }
            let batch = try AnalysisBatch(analyzer: analyzer, settings: settings, writer: writer, total: total, progress: progress)
            // Runs before the writer's `close()` (defers run last-declared first): no add may be in flight then.
            defer { batch.waitForPendingAdds() }
            for e in planned.keys.sorted() {
                let file = files[e]
                let wanted = planned[e] ?? .only([])
                let knownHashes = reader.keepsDocuments(of: file.path) ? reader.hashes[file.path] : nil
                try reader.forEachDocument(of: file) { r, document in
                    // The id check guards against a file that changed since it was read.
                    guard wanted.contains(r), r < entries[e].records.count, document.id.utf8.elementsEqual(entries[e].records.idBytes(at: r)) else { return }
                    let known = knownHashes.flatMap { r < $0.count ? $0[r] : nil }
                    try batch.add(document, indexedHash: known)
                }
                reader.release(file.path)
            }
            try batch.finish()
        }

        report.diagnostics = problems + report.diagnostics
        if !rebuild && toDelete.isEmpty && planned.isEmpty && entries == previous.entries {
            // Files were re-read (recently modified ones are always checked) but nothing changed: idle, as above.
            try writer.verifyCommittedSegments()
            report.documentCount = writer.lastCommit.segments.reduce(0) { $0 + $1.liveCount }
            report.seconds = Date().timeIntervalSince(started)
            return report
        }
        let manifest = CorpusManifest(entries: entries, duplicateWarnings: duplicateWarnings, documentCount: documentCount,
                                      scanTime: Self.confirmedScanTime(scanTime, files: files, entries: entries, corpus: corpus))
        let (userData, manifestFiles) = try manifest.write(to: writer)
        let commit = try writer.commit(userData: userData, userFiles: manifestFiles)
        report.committed = true
        report.documentCount = commit.segments.reduce(0) { $0 + $1.liveCount }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

}

extension CorpusIndexer {
    /// Sets the run's merge policy, and merging beside adding where the directory may be used from two
    /// threads (the file system's).
    fileprivate func configure(_ writer: IndexWriter, _ directory: Directory) {
        writer.mergePolicy = options.mergePolicy
        writer.mergesInBackground = directory is FileSystemDirectory
    }

    /// A file system failure on one corpus path, reported like a content problem (`path: error: reason`).
    static func diagnostic(_ error: CorpusError, path: String) -> CorpusDiagnostic {
        switch error {
        case let .unreadable(_, reason): return CorpusDiagnostic(severity: .error, file: path, message: reason)
        default: return CorpusDiagnostic(severity: .error, file: path, message: "\(error)")
        }
    }

    /// Whether a file with this modification time could have been edited again after the scan at
    /// `scannedAt` without its time changing: file systems stamp times from a coarse clock (a few
    /// milliseconds on Linux; whole seconds, or two, on FAT and HFS+, recognisable by a zero fraction).
    static func mayHaveChangedUnseen(modified: Int64, scannedAt: Int64) -> Bool {
        let margin: Int64 = modified % 1_000_000_000 == 0 ? 2_000_000_000 : 100_000_000
        return modified >= scannedAt - margin
    }
}

extension CorpusIndexer {
    /// Opens the writer and decides the run's settings. A rebuild (asked for, or needed because the
    /// index was made by another schema) starts from an empty index without reading the old one, so it
    /// also replaces a damaged index; `--language` on a rebuild changes the analyzer.
    fileprivate func openWriter(_ directory: Directory, requested: IndexSettings) throws
        -> (writer: IndexWriter, settings: IndexSettings, rebuild: Bool, manifest: CorpusManifest, outdated: Int?) {
        func startEmpty(_ settings: IndexSettings, outdated: Int? = nil) throws
            -> (IndexWriter, IndexSettings, Bool, CorpusManifest, Int?) {
            let writer = try IndexWriter(directory: directory, settings: try settings.encoded(),
                                         ramBudget: options.ramBudget, wait: options.waitForLock, startEmpty: true)
            return (writer, settings, true, CorpusManifest(), outdated)
        }
        if options.rebuild {
            if options.language != nil { return try startEmpty(requested) }
            let existing = try? IndexFolder.settings(in: directory)
            return try startEmpty(existing.map { IndexSettings(analyzer: $0.analyzer) } ?? requested)
        }
        let writer: IndexWriter
        do {
            writer = try IndexWriter(directory: directory, settings: try requested.encoded(), ramBudget: options.ramBudget,
                                     wait: options.waitForLock)
        } catch IndexError.outdatedFormat(_, let version) {
            // An index of an older format is rebuilt with its own analyzer settings (unless --language says otherwise).
            let existing = try? IndexFolder.settings(in: directory)
            let settings = options.language == nil ? existing.map { IndexSettings(analyzer: $0.analyzer) } ?? requested : requested
            return try startEmpty(settings, outdated: version)
        }
        if writer.isNew { return (writer, requested, true, CorpusManifest(), nil) }
        let existing = try IndexSettings.decode(writer.lastCommit.settings)
        if let language = options.language, language != existing.analyzer.language {
            writer.close()
            throw ConcordError.settingsMismatch(existing: existing.analyzer.language, requested: language)
        }
        // An index made by another schema, or whose manifest this version cannot read, is rebuilt.
        guard existing.schemaVersion == IndexSettings.currentSchemaVersion,
              let manifest = try? CorpusManifest(committedIn: writer) else {
            writer.close()
            return try startEmpty(IndexSettings(analyzer: existing.analyzer))
        }
        return (writer, existing, false, manifest, nil)
    }
}

