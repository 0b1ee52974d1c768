/// Errors raised by the storage layer. Each names the file it concerns, so a user can act on it.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    /// A file's bytes are not what its format promises (bad magic, short file, checksum mismatch, …).
    case corrupt(file: String, reason: String)
    /// The file was written in a format version this build does not read: an older index (rebuild it
    /// from its corpus) or a newer one (use a newer Concord). `isOlderFormat` tells which.
    case unsupportedVersion(file: String, version: UInt32, supported: ClosedRange<UInt32>)
    /// zstd could not compress a block (nothing was written).
    case compressionFailed(reason: String)
    /// An operating-system call failed.
    case io(file: String, operation: String, errno: Int32)
    /// The file does not exist.
    case notFound(file: String)
    /// Another writer holds the index's write lock.
    case locked(path: String)
    /// An injected fault (tests only: see `MemoryDirectory`).
    case injectedFault(file: String, operation: String)

    /// True for a file in a format older than this build reads (the index can be rebuilt).
    public var isOlderFormat: Bool {
        if case let .unsupportedVersion(_, version, supported) = self { return version < supported.lowerBound }
        return false
    }

    public var description: String {
        switch self {
        case let .corrupt(file, reason): return "corrupt index file \(file): \(reason)"
        case let .unsupportedVersion(file, version, supported):
            let advice = version < supported.lowerBound
                ? "it was written by an older Concord; rebuild the index (`concord index --rebuild`)"
                : "it was written by a newer Concord"
            return "index file \(file) has format version \(version), this Concord reads \(supported.lowerBound)…\(supported.upperBound): \(advice)"
        case let .compressionFailed(reason): return "compression failed: \(reason)"
        case let .io(file, operation, errno): return "\(operation) failed for \(file): \(String(cString: strerror(errno)))"
        case let .notFound(file): return "missing index file \(file)"
        case let .locked(path): return "the index at \(path) is locked by another writer"
        case let .injectedFault(file, operation): return "injected fault: \(operation) of \(file)"
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
