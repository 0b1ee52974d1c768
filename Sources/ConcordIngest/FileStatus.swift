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
/// since 1970 exactly (and cannot name a file whose name is not valid UTF-8).
struct FileStatus {
    enum Kind { case regularFile, directory, other }

    var kind: Kind
    var size: Int64
    var modificationTime: Int64

    /// Status of `path`, following symbolic links when `followingLinks` (stat) or not (lstat); a failure carries
    /// the system's reason (`strerror(errno)`).
    static func of(path: String, followingLinks: Bool) -> Result<FileStatus, StatusError> {
        of(location: Array(path.utf8), followingLinks: followingLinks)
    }

    /// Status of the file at the raw path bytes `location` (no NUL).
    static func of(location: [UInt8], followingLinks: Bool) -> Result<FileStatus, StatusError> {
        var info = stat()
        let cPath = cString(location)
        let result = followingLinks ? stat(cPath, &info) : lstat(cPath, &info)
        guard result == 0 else { return .failure(StatusError(code: errno)) }
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
        var code: Int32
        var reason: String { String(cString: strerror(code)) }
    }
}

/// `bytes` as a NUL-terminated C string (an array passes to a C function as a pointer to its first element).
func cString(_ bytes: [UInt8]) -> [CChar] {
    bytes.map { CChar(bitPattern: $0) } + [0]
}
