import Foundation

/// A folder of corpus files and the way to read them into documents.
///
/// Guarantees: `files()` lists every supported file below the root (see `CorpusFormat`), recursively, skipping
/// hidden files and folders (names starting with `.`) and not descending into symbolic links to folders, sorted by
/// path in byte order. Reading never fails because of a file's content — problems there become diagnostics and the
/// rest of the file is still read — only because of the file system (`CorpusError`). Results depend only on the
/// files' bytes and paths, so the same corpus always reads to the same documents and ids.
public struct Corpus: Sendable {
    public var root: URL

    public init(root: URL) {
        self.root = root
    }

    /// Reads and parses one file. Throws `CorpusError.unreadable` when the file cannot be read.
    public func read(_ file: CorpusFile) throws -> CorpusFileContents {
        let data: Data
        do {
            data = try Data(contentsOf: file.url)
        } catch {
            throw CorpusError.unreadable(path: file.path, reason: Corpus.reason(for: error, url: file.url))
        }
        return Corpus.parse([UInt8](data), path: file.path, format: file.format)
    }

    /// Reads `file` only if its bytes changed: returns nil when their hash equals `previousHash` (the
    /// `contentHash` of an earlier read), without parsing anything.
    public func read(_ file: CorpusFile, unlessContentHashIs previousHash: UInt64) throws -> CorpusFileContents? {
        let data: Data
        do {
            data = try Data(contentsOf: file.url)
        } catch {
            throw CorpusError.unreadable(path: file.path, reason: Corpus.reason(for: error, url: file.url))
        }
        if data.withUnsafeBytes({ FileFingerprint.of($0) }) == previousHash { return nil }
        return Corpus.parse([UInt8](data), path: file.path, format: file.format)
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

    /// Parses the raw bytes of a file at `path` (relative to the root) in `format`; the pure core of `read`.
    static func parse(_ bytes: [UInt8], path: String, format: CorpusFormat) -> CorpusFileContents {
        let contentHash = FileFingerprint.of(bytes)
        let decoded = TextDecoder.decode(bytes, file: path)
        guard !decoded.isSkipped else {
            return CorpusFileContents(documents: [], diagnostics: decoded.diagnostics, contentHash: contentHash)
        }
        let documents: [Document]
        let diagnostics: [CorpusDiagnostic]
        switch format {
        case .text, .markdown:
            let parsed = PlainTextParser(file: path, format: format).parse(decoded.lines)
            documents = parsed.document.map { [$0] } ?? []
            diagnostics = parsed.diagnostics
        case .jsonl:
            (documents, diagnostics) = JSONLinesParser(file: path).parse(decoded.lines)
        case .listing:
            (documents, diagnostics) = ListingParser(file: path).parse(decoded.lines)
        }
        return CorpusFileContents(documents: documents, diagnostics: decoded.diagnostics + diagnostics,
                                  contentHash: contentHash)
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
