#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What `stat(2)` says about a path: its kind, size and modification time in nanoseconds since 1970.
///
/// Read through the C call because `FileManager` reports times as `Date`, a `Double` that cannot hold nanoseconds
/// since 1970 exactly.
struct FileStatus {
    enum Kind { case regularFile, directory, other }

    var kind: Kind
    var size: Int64
    var modificationTime: Int64

    /// Status of `path`, following symbolic links when `followingLinks` (stat) or not (lstat); a failure carries
    /// the system's reason (`strerror(errno)`).
    static func of(path: String, followingLinks: Bool) -> Result<FileStatus, StatusError> {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { return .failure(StatusError(reason: String(cString: strerror(errno)))) }
        let kind: Kind
        switch info.st_mode & S_IFMT {
        case S_IFREG: kind = .regularFile
        case S_IFDIR: kind = .directory
        default: kind = .other
        }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        let nanoseconds = Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
        return .success(FileStatus(kind: kind, size: Int64(info.st_size), modificationTime: nanoseconds))
    }

    struct StatusError: Error {
        var reason: String
    }
}
