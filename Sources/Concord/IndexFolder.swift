import ConcordAnalysis
import ConcordIndex
import ConcordIngest
import ConcordStorage
import Foundation

/// An index on disk, addressed by its folder: the entry point for building, updating, searching and
/// inspecting it.
public struct IndexFolder: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// True when the folder holds a commit (an index that can be searched).
    public var exists: Bool {
        guard let directory = try? FileSystemDirectory(path: path) else { return false }
        return ((try? Commit.generations(in: directory)) ?? []).isEmpty == false
    }

    func directory(create: Bool = false) throws -> FileSystemDirectory {
        try FileSystemDirectory(path: path, create: create)
    }

    /// Brings the index up to date with the corpus folder at `corpusPath` (creating it if needed).
    public func update(fromCorpus corpusPath: String, options: CorpusIndexer.Options = .init(),
                       progress: CorpusIndexer.Progress? = nil) throws -> IndexingReport {
        if let overlap = FolderOverlap.of(index: path, corpus: corpusPath) {
            let how: String
            switch overlap {
            case .same: how = "is"
            case .indexInsideCorpus: how = "is inside"
            case .corpusInsideIndex: how = "contains"
            }
            throw ConcordError.foldersOverlap(index: path, corpus: corpusPath, how: how)
        }
        return try update(from: Corpus(root: URL(fileURLWithPath: corpusPath)), options: options, progress: progress)
    }

    /// Brings the index up to date with `corpus` (the folder overlap is checked by the caller).
    func update(from corpus: Corpus, options: CorpusIndexer.Options = .init(),
                progress: CorpusIndexer.Progress? = nil) throws -> IndexingReport {
        try CorpusIndexer(options: options).run(corpus: corpus, index: directory(create: true), progress: progress)
    }

    /// The format version of the index when it is older than the one this Concord reads (so the next
    /// `update` rebuilds it), nil when it is current, absent or unreadable.
    public func outdatedFormatVersion() -> Int? {
        guard let directory = try? directory(), let generation = try? Commit.generations(in: directory).last,
              let commit = try? Commit.read(from: directory, generation: generation), commit.isOutdated else { return nil }
        return Int(commit.formatVersion)
    }

    /// The format version of the indexes this Concord writes.
    public static var formatVersion: Int { Int(Commit.version) }

    /// The settings the index was built with.
    public func settings() throws -> IndexSettings {
        try Self.settings(in: directory())
    }

    static func settings(in directory: Directory) throws -> IndexSettings {
        guard let generation = try Commit.generations(in: directory).last else { throw IndexError.noIndex(path: directory.path) }
        return try IndexSettings.decode(Commit.read(from: directory, generation: generation).settings)
    }

    /// An analyzer configured exactly as the index's.
    public func analyzer() throws -> Analyzer {
        try Analyzer(configuration: settings().analyzer)
    }

    /// Opens a searcher on the newest commit.
    public func openSearcher() throws -> IndexSearcher {
        try IndexSearcher(directory: directory())
    }

    /// Size and shape of the index.
    public func statistics() throws -> IndexStatistics {
        let reader = try IndexReader(directory: directory())
        return try IndexStatistics(reader: reader)
    }
}

extension IndexFolder {
    /// Verifies every file the newest commit names (see `IndexChecker`), that the commit's settings
    /// make an analyzer and its corpus manifest decodes, and that every document's stored title, summary
    /// and body analyze to exactly what the postings hold.
    public func check() throws -> IndexChecker.Report {
        let directory = try directory()
        // The stored text is analyzed again with the index's own analyzer, when its settings are readable.
        let analyzer = try? Analyzer(configuration: Self.settings(in: directory).analyzer)
        return IndexChecker(directory: directory, validateCommit: { commit in
            _ = try Analyzer(configuration: try IndexSettings.decode(commit.settings).analyzer)
            var manifest = try CorpusManifest(commit: commit, directory: directory)
            try manifest.loadRecords(from: CommitUserFiles(commit: commit, directory: directory))
        }, reanalyze: analyzer.map { analyzer in
            { stored in
                ["title", "summary", "body"].map { name in
                    analyzer.tokens(stored.first { $0.name == name }?.value ?? "").map { ($0.term, $0.position) }
                }
            }
        }).check()
    }
}
