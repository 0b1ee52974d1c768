/// Everything read from one corpus file: its documents in line order, the diagnostics met on the way, and a
/// fingerprint of the raw bytes (`FileFingerprint`, stable across processes) for telling whether the file changed.
public struct CorpusFileContents: Sendable {
    public var documents: [Document]
    public var diagnostics: [CorpusDiagnostic]
    public var contentHash: UInt64

    public init(documents: [Document], diagnostics: [CorpusDiagnostic], contentHash: UInt64) {
        self.documents = documents
        self.diagnostics = diagnostics
        self.contentHash = contentHash
    }
}
