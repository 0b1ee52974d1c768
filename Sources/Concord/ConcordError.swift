/// Errors of the pipeline layer; lower layers' errors (`StorageError`, `IndexError`, `CorpusError`,
/// `AnalyzerError`) pass through unchanged.
public enum ConcordError: Error, Equatable, CustomStringConvertible {
    case invalidSettings(reason: String)
    case settingsMismatch(existing: String, requested: String)
    case invalidManifest(reason: String)
    /// The index folder and the corpus folder overlap (the same folder, or one inside the other).
    case foldersOverlap(index: String, corpus: String, how: String)

    public var description: String {
        switch self {
        case let .invalidSettings(reason): return "the index's settings cannot be read: \(reason)"
        case let .settingsMismatch(existing, requested):
            return "the index was built with language \(existing), not \(requested); run with --rebuild to change it"
        case let .invalidManifest(reason): return "the index's corpus manifest is damaged: \(reason)"
        case let .foldersOverlap(index, corpus, how):
            return "the index folder \(index) \(how) the corpus folder \(corpus); "
                + "keep the index in a folder of its own, outside the corpus"
        }
    }
}
