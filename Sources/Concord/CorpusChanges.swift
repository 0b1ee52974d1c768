import ConcordIndex
import ConcordIngest
import Foundation

/// How a corpus folder differs from what the index's newest commit was built from, judged from the
/// file list, sizes and modification times only (no file is read): cheap enough to run before every search.
public struct CorpusChanges: Equatable, Sendable {
    /// Files that are new since the commit.
    public var added = 0
    /// Files whose size or modification time differ.
    public var changed = 0
    /// Files the commit knew that are gone.
    public var removed = 0

    public init(added: Int = 0, changed: Int = 0, removed: Int = 0) {
        self.added = added
        self.changed = changed
        self.removed = removed
    }

    public var isEmpty: Bool { added == 0 && changed == 0 && removed == 0 }
}

extension IndexFolder {
    /// How the corpus folder at `corpusPath` differs from the one the newest commit was built from
    /// (see `CorpusChanges`). Throws when there is no index or its manifest cannot be read.
    public func corpusChanges(corpusPath: String) throws -> CorpusChanges {
        let directory = try directory()
        guard let generation = try Commit.generations(in: directory).last else { throw IndexError.noIndex(path: path) }
        let manifest = try CorpusManifest(commit: try Commit.read(from: directory, generation: generation), directory: directory)
        var known: [String: (size: Int64, time: Int64)] = [:]
        for entry in manifest.entries { known[entry.path] = (entry.size, entry.modificationTime) }
        var changes = CorpusChanges()
        var seen = 0
        for file in try Corpus(root: URL(fileURLWithPath: corpusPath)).files() {
            guard let entry = known[file.path] else {
                changes.added += 1
                continue
            }
            seen += 1
            if entry.size != file.size || entry.time != file.modificationTime { changes.changed += 1 }
        }
        changes.removed = known.count - seen
        return changes
    }
}
