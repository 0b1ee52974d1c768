import ConcordStorage

/// Errors of the index layer beyond those of storage (which pass through as `StorageError`).
public enum IndexError: Error, Equatable, CustomStringConvertible {
    /// No commit exists in the index folder.
    case noIndex(path: String)
    /// The index was written by a newer or unknown format.
    case unsupportedFormat(file: String, reason: String)
    /// The folder holds no index but holds other files (`example` is one), so no index is created in it.
    case notAnIndexFolder(path: String, example: String)
    /// A limit of the format was exceeded (e.g. more than 2^31 documents in one segment).
    case limitExceeded(String)
    /// The index was written by an older version of the format; it must be rebuilt.
    case outdatedFormat(path: String, version: Int)

    public var description: String {
        switch self {
        case let .noIndex(path): return "no index at \(path) (run `concord index` first)"
        case let .unsupportedFormat(file, reason): return "unsupported index file \(file): \(reason)"
        case let .notAnIndexFolder(path, example):
            return "\(path) is not an index folder: it holds no index but holds other files (such as \(example)); "
                + "choose an empty or new folder for the index"
        case let .limitExceeded(what): return "index limit exceeded: \(what)"
        case let .outdatedFormat(path, version):
            return "the index at \(path) has format version \(version), older than this Concord's \(Commit.version); "
                + "run `concord index` to rebuild it"
        }
    }
}
