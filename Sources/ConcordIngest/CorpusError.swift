/// Failures that stop reading a corpus or a file: the file system said no. Problems inside a file's content are
/// never thrown; they become `CorpusDiagnostic`s.
public enum CorpusError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The corpus root does not exist.
    case missingRoot(path: String)
    /// The corpus root exists but is not a directory.
    case rootNotADirectory(path: String)
    /// A directory could not be listed or a file could not be read; `path` is relative to the root when known.
    case unreadable(path: String, reason: String)

    public var description: String {
        switch self {
        case .missingRoot(let path):
            return "corpus folder \(path) does not exist; check the path"
        case .rootNotADirectory(let path):
            return "corpus root \(path) is not a folder; point the corpus at the folder holding the files"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason); check that it exists and is readable"
        }
    }
}
