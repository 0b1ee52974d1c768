import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh folder under the system's temporary directory, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init(_ label: String) throws {
        let base = NSTemporaryDirectory() + "concord-\(label)-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = base
    }

    func appending(_ component: String) -> String { path + "/" + component }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// File helpers for building corpora in tests.
enum TestFiles {
    /// Writes `text` to `path`, creating parent folders.
    static func write(_ text: String, to path: String) throws {
        let parent = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    /// The file's modification time in nanoseconds since 1970 (as `stat` gives it).
    static func modificationTime(of path: String) throws -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CocoaError(.fileNoSuchFile) }
        #if canImport(Darwin)
        let time = info.st_mtimespec
        #else
        let time = info.st_mtim
        #endif
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    /// Sets the file's access and modification times to exactly `nanoseconds` since 1970.
    static func setModificationTime(of path: String, to nanoseconds: Int64) throws {
        let spec = timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        let times = [spec, spec]
        guard utimensat(AT_FDCWD, path, times, 0) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }
}
