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

    /// `scan` reading `file` once instead of twice, for a caller that can take back documents it was handed: each
    /// chunk is fingerprinted, checked for a NUL byte and then decoded, so documents are handed out before the rest
    /// of the file is seen. A file whose first NUL byte comes before any document gives what `scan` gives (no
    /// documents and the binary-file warning). One whose NUL byte comes after documents were handed out returns nil:
    /// the caller must discard those documents (`scan` skips the whole file); so does a file whose length changed
    /// while it was read (then `scan` gives its documents). Otherwise the result is `scan`'s.
    /// Throws as `scan` does. (A build from nothing reads every byte of the corpus; the second pass cost it about
    /// 2% of its wall time on the ~450k-document corpus, with one core idle while it ran.)
    public func scanInOnePass(_ file: CorpusFile, _ body: (Document) throws -> Void) throws
        -> (diagnostics: [CorpusDiagnostic], contentHash: UInt64)? {
        try Corpus.scanInOnePass(try openReader(file, chunkSize: Corpus.scanChunkSize), path: file.path,
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

    /// `scanInOnePass` over the bytes of `source` as the file at `path` in `format`.
    static func scanInOnePass(_ source: some ByteChunkSource, path: String, format: CorpusFormat,
                              _ handOn: (Document) throws -> Void) throws -> (diagnostics: [CorpusDiagnostic], contentHash: UInt64)? {
        var accumulator = FileFingerprint.Accumulator(length: source.expectedByteCount)
        var offset = 0
        var firstNUL: Int?
        var handedOut = false
        let admit: (UnsafeBufferPointer<UInt8>) -> Bool = { chunk in
            accumulator.combine(UnsafeRawBufferPointer(chunk))
            if let nul = chunk.firstIndex(of: 0, from: 0) {
                firstNUL = offset + nul
                return false
            }
            offset += chunk.count
            return true
        }
        let diagnostics = try decode(source, path: path, format: format, admitting: admit) { document in
            handedOut = true
            try handOn(document)
        }
        if let nul = firstNUL {
            guard !handedOut else { return nil }
            // Binary, as `scan` finds it: the whole file's fingerprint still needs every byte.
            return ([TextDecoder.binaryFileWarning(path, line: try source.lineNumber(ofByteAt: nul))],
                    try source.fingerprintAndFirstNUL().contentHash)
        }
        // A file whose length changed while it was read: its documents and its hash would come from different
        // states of the file (`scan` hashes before it decodes, so a later change shows as a changed hash).
        // Read in two passes instead.
        guard offset == source.expectedByteCount else { return nil }
        return (diagnostics, accumulator.value)
    }

    /// Scans `source` whose first pass (`fingerprintAndFirstNUL`) gave `bytes`; returns the diagnostics.
    /// Every document leaves here with its id in canonical form (`Document.canonicalID`).
    static func scan(_ source: some ByteChunkSource, knowing bytes: (contentHash: UInt64, firstNUL: Int?),
                     path: String, format: CorpusFormat, _ handOn: (Document) throws -> Void) throws -> [CorpusDiagnostic] {
        if let nul = bytes.firstNUL {
            return [TextDecoder.binaryFileWarning(path, line: try source.lineNumber(ofByteAt: nul))]
        }
        return try decode(source, path: path, format: format, admitting: nil, handOn)
    }

    /// Decodes `source` with the parser for `format`, handing on each document with its id in canonical form;
    /// `admitting` as in `decode(_:path:into:admitting:_:)`. Returns the diagnostics.
    private static func decode(_ source: some ByteChunkSource, path: String, format: CorpusFormat,
                               admitting admit: ((UnsafeBufferPointer<UInt8>) -> Bool)?,
                               _ handOn: (Document) throws -> Void) throws -> [CorpusDiagnostic] {
        let body: (Document) throws -> Void = { document in
            var document = document
            document.id = Document.canonicalID(document.id)
            try handOn(document)
        }
        switch format {
        case .text, .markdown:
            return try decode(source, path: path, into: PlainTextParser(file: path, format: format), admitting: admit, body)
        case .jsonl:
            return try decode(source, path: path, into: JSONLinesParser(file: path), admitting: admit, body)
        case .listing:
            return try decode(source, path: path, into: ListingParser(file: path), admitting: admit, body)
        }
    }

    /// Decodes `source` line by line into `parser`; returns the decoding diagnostics, then the parser's.
    /// With `admitting`, each chunk is first handed to it, and decoding stops (returning no diagnostics) at the
    /// first chunk it turns away.
    private static func decode<Parser: LineParser>(_ source: some ByteChunkSource, path: String, into parser: Parser,
                                                   admitting admit: ((UnsafeBufferPointer<UInt8>) -> Bool)?,
                                                   _ body: (Document) throws -> Void) throws -> [CorpusDiagnostic] {
        var parser = parser
        var decoder = TextDecoder(file: path)
        var stopped = false
        try source.forEachChunk { chunk in
            if let admit, !admit(chunk) {
                stopped = true
                return false
            }
            try decoder.feed(chunk) { try parser.take($0, body) }
            return true
        }
        if stopped { return [] }
        try decoder.finish { try parser.take($0, body) }
        try parser.finish(body)
        return decoder.diagnostics + parser.diagnostics
    }
}
