/// The whole corpus as read at one moment.
///
/// `documents` come in file path order (byte order), then line order within a file, with every id unique: when an
/// id occurs more than once the last occurrence wins and keeps its own position (see `Corpus.resolveDuplicates`).
/// `diagnostics` holds each file's diagnostics in the same order, followed by one warning per replaced duplicate.
public struct CorpusSnapshot: Sendable {
    public var documents: [Document]
    public var diagnostics: [CorpusDiagnostic]
    public var files: [CorpusFile]

    public init(documents: [Document], diagnostics: [CorpusDiagnostic], files: [CorpusFile]) {
        self.documents = documents
        self.diagnostics = diagnostics
        self.files = files
    }
}
