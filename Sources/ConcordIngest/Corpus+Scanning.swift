#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Corpus {
    /// Bytes read from a file at a time by `scan`.
    static let scanChunkSize = 256 << 10

    /// Reads one file as a stream: calls `body` with each of its documents in order, then returns the file's
    /// diagnostics and `contentHash` — exactly what `read(_:)` gives, since `read` is this with the documents
    /// collected.
    ///
    /// Memory stays bounded whatever the file's size: the file is read twice in fixed-size chunks (first for its
    /// fingerprint and a NUL-byte check, since a binary file is skipped whole, then to decode it), and only the line
    /// being decoded and the record being built are held — except for `.txt` and `.md` files, each one document,
    /// which are held whole. Throws `CorpusError.unreadable` when the file cannot be opened or read, and rethrows
    /// whatever `body` throws (which stops the scan).
    public func scan(_ file: CorpusFile, _ body: (Document) throws -> Void) throws
        -> (diagnostics: [CorpusDiagnostic], contentHash: UInt64) {
        try scan(file, chunkSize: Corpus.scanChunkSize, body)
    }

    /// The documents `scan` hands out for `file`, for reading a file again whose diagnostics and `contentHash` are
    /// known from an earlier `scan`: the pass before decoding looks for a NUL byte only (a binary file has no
    /// documents) and skips the fingerprint. Throws as `scan` does.
    public func scanDocuments(_ file: CorpusFile, _ body: (Document) throws -> Void) throws {
        let reader = try openReader(file, chunkSize: Corpus.scanChunkSize)
        _ = try Corpus.scan(reader, knowing: (contentHash: 0, firstNUL: try reader.firstNUL()), path: file.path,
                            format: file.format, body)
    }

    /// The `contentHash` that `read` and `scan` give for `file`, found without parsing it and with bounded memory,
    /// to tell whether a file changed. Throws `CorpusError.unreadable` when the file cannot be read.
    public func contentHash(of file: CorpusFile) throws -> UInt64 {
        try openReader(file, chunkSize: Corpus.scanChunkSize).fingerprintAndFirstNUL().contentHash
    }

    /// `scan` reading `chunkSize` bytes at a time.
    func scan(_ file: CorpusFile, chunkSize: Int, _ body: (Document) throws -> Void) throws
        -> (diagnostics: [CorpusDiagnostic], contentHash: UInt64) {
        let reader = try openReader(file, chunkSize: chunkSize)
        return try Corpus.scan(reader, path: file.path, format: file.format, body)
    }

    /// Opens `file` for reading by its raw location. Throws `CorpusError.unreadable` when it cannot.
    private func openReader(_ file: CorpusFile, chunkSize: Int) throws -> FileChunkReader {
        if simulatedUnreadablePaths.contains(file.path) {
            throw CorpusError.unreadable(path: file.path, reason: String(cString: strerror(EACCES)))
        }
        return try FileChunkReader(location: file.location, path: file.path, chunkSize: chunkSize)
    }

    /// Scans the bytes of `source` as the file at `path` in `format`.
    static func scan(_ source: some ByteChunkSource, path: String, format: CorpusFormat,
                     _ body: (Document) throws -> Void) throws -> (diagnostics: [CorpusDiagnostic], contentHash: UInt64) {
        let bytes = try source.fingerprintAndFirstNUL()
        return (try scan(source, knowing: bytes, path: path, format: format, body), bytes.contentHash)
    }

    /// Scans `source` whose first pass (`fingerprintAndFirstNUL`) gave `bytes`; returns the diagnostics.
    /// Every document leaves here with its id in canonical form (`Document.canonicalID`).
    static func scan(_ source: some ByteChunkSource, knowing bytes: (contentHash: UInt64, firstNUL: Int?),
                     path: String, format: CorpusFormat, _ handOn: (Document) throws -> Void) throws -> [CorpusDiagnostic] {
        let body: (Document) throws -> Void = { document in
            var document = document
            document.id = Document.canonicalID(document.id)
            try handOn(document)
        }
        if let nul = bytes.firstNUL {
            return [TextDecoder.binaryFileWarning(path, line: try source.lineNumber(ofByteAt: nul))]
        }
        switch format {
        case .text, .markdown:
            return try decode(source, path: path, into: PlainTextParser(file: path, format: format), body)
        case .jsonl:
            return try decode(source, path: path, into: JSONLinesParser(file: path), body)
        case .listing:
            return try decode(source, path: path, into: ListingParser(file: path), body)
        }
    }

    /// Decodes `source` line by line into `parser`; returns the decoding diagnostics, then the parser's.
    private static func decode<Parser: LineParser>(_ source: some ByteChunkSource, path: String, into parser: Parser,
                                                   _ body: (Document) throws -> Void) throws -> [CorpusDiagnostic] {
        var parser = parser
        var decoder = TextDecoder(file: path)
        try source.forEachChunk { chunk in
            try decoder.feed(chunk) { try parser.take($0, body) }
            return true
        }
        try decoder.finish { try parser.take($0, body) }
        try parser.finish(body)
        return decoder.diagnostics + parser.diagnostics
    }
}
