import Foundation

extension Corpus {
    /// The corpus files below the root: supported extensions only, hidden names skipped, sorted by path bytes.
    ///
    /// Throws `CorpusError.missingRoot` when the root does not exist, `.rootNotADirectory` when it is a file, and
    /// `.unreadable` when a folder cannot be listed.
    public func files() throws -> [CorpusFile] {
        switch FileStatus.of(path: root.path, followingLinks: true) {
        case .failure:
            throw CorpusError.missingRoot(path: root.path)
        case .success(let status) where status.kind != .directory:
            throw CorpusError.rootNotADirectory(path: root.path)
        case .success:
            break
        }
        var found: [CorpusFile] = []
        try collectFiles(in: root, relativePath: "", into: &found)
        found.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return found
    }

    private func collectFiles(in directory: URL, relativePath: String, into found: inout [CorpusFile]) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw CorpusError.unreadable(path: relativePath.isEmpty ? "." : relativePath,
                                         reason: Corpus.reason(for: error, url: directory))
        }
        for name in names where !name.hasPrefix(".") {
            let url = directory.appendingPathComponent(name)
            let path = relativePath.isEmpty ? name : relativePath + "/" + name
            // A path that vanished or cannot be inspected since the listing is simply not part of the corpus.
            guard case .success(let status) = FileStatus.of(path: url.path, followingLinks: true) else { continue }
            switch status.kind {
            case .directory:
                // Do not follow links to folders: they could loop or leave the corpus.
                guard case .success(let linkStatus) = FileStatus.of(path: url.path, followingLinks: false),
                      linkStatus.kind == .directory else { continue }
                try collectFiles(in: url, relativePath: path, into: &found)
            case .regularFile:
                guard let format = Corpus.format(ofFileNamed: name) else { continue }
                found.append(CorpusFile(path: path, url: url, size: status.size,
                                        modificationTime: status.modificationTime, format: format))
            case .other:
                continue
            }
        }
    }

    /// The format for a file name by its last extension, or `nil` when unsupported or there is none.
    static func format(ofFileNamed name: String) -> CorpusFormat? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return CorpusFormat(fileExtension: String(name[name.index(after: dot)...]))
    }
}
