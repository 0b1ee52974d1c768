import Foundation

/// A folder of corpus files and the way to read them into documents.
///
/// Guarantees: `files()` lists every supported file below the root (see `CorpusFormat`), recursively, skipping
/// hidden files and folders (names starting with `.`) and not descending into symbolic links to folders, sorted by
/// path in byte order. Reading never fails because of a file's content — problems there become diagnostics and the
/// rest of the file is still read — only because of the file system (`CorpusError`). Results depend only on the
/// files' bytes and paths, so the same corpus always reads to the same documents and ids. `scan` reads a file as a
/// stream of documents in memory bounded by its largest record, whatever the file's size; `read` is `scan` with the
/// documents collected.
public struct Corpus: Sendable {
    public var root: URL
    /// Paths (relative to the root) to treat as unreadable (`Permission denied`) when listed or read: a test
    /// seam for what `chmod 000` does to an ordinary user, which tests running as root cannot provoke.
    @_spi(Testing) public var simulatedUnreadablePaths: Set<String> = []

    public init(root: URL) {
        self.root = root
    }

    /// Reads and parses one file: `scan` with the documents collected. Throws `CorpusError.unreadable` when the
    /// file cannot be read. Holds all of the file's documents; use `scan` for files of any size.
    public func read(_ file: CorpusFile) throws -> CorpusFileContents {
        var documents: [Document] = []
        let scanned = try scan(file) { documents.append($0) }
        return CorpusFileContents(documents: documents, diagnostics: scanned.diagnostics,
                                  contentHash: scanned.contentHash)
    }

    /// Reads every file of `files()` and resolves duplicate ids across the corpus (`resolveDuplicates`).
    /// Throws the first file system error; content problems are in the snapshot's diagnostics.
    public func readAll() throws -> CorpusSnapshot {
        let files = try files()
        var documents: [Document] = []
        var diagnostics: [CorpusDiagnostic] = []
        for file in files {
            let contents = try read(file)
            documents += contents.documents
            diagnostics += contents.diagnostics
        }
        let resolved = Corpus.resolveDuplicates(documents)
        return CorpusSnapshot(documents: resolved.documents, diagnostics: diagnostics + resolved.diagnostics,
                              files: files)
    }

    /// Parses the raw bytes of a file at `path` (relative to the root) in `format`, fed in chunks of `chunkSize`;
    /// the pure core of `read`.
    static func parse(_ bytes: [UInt8], path: String, format: CorpusFormat, chunkSize: Int = .max) -> CorpusFileContents {
        let source = MemoryChunks(bytes, chunkSize: chunkSize)
        var documents: [Document] = []
        do {
            let scanned = try scan(source, path: path, format: format) { documents.append($0) }
            return CorpusFileContents(documents: documents, diagnostics: scanned.diagnostics,
                                      contentHash: scanned.contentHash)
        } catch {
            // Memory neither fails to read nor is `append` throwing: unreachable, but kept total.
            return CorpusFileContents(documents: documents, diagnostics: [], contentHash: FileFingerprint.of(bytes))
        }
    }

    /// A short reason for a failed read: the POSIX error text when there is one.
    static func reason(for error: Error, url: URL) -> String {
        if case .failure(let statusError) = FileStatus.of(path: url.path, followingLinks: true) {
            return statusError.reason
        }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.localizedDescription
        }
        return nsError.localizedDescription
    }
}
