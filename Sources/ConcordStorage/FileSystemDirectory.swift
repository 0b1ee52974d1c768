#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// A `Directory` on the local file system: POSIX writes, `fsync`, atomic `rename`, read-only `mmap`,
/// and an advisory `flock` on `write.lock` (released by the kernel when the holder dies, so a killed
/// writer never blocks the next one).
public final class FileSystemDirectory: Directory {
    public let path: String

    /// Opens the folder at `path`, creating it (and its parents) when `create` is true.
    public init(path: String, create: Bool = false) throws {
        self.path = path
        if create { try Self.makeDirectories(path) }
        var info = stat()
        guard stat(path, &info) == 0 else { throw StorageError.notFound(file: path) }
    }

    private static func makeDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw StorageError.io(file: prefix, operation: "mkdir", errno: errno)
            }
        }
    }

    private func full(_ name: String) -> String { path + "/" + name }

    public func createOutput(_ name: String) throws -> WritableFile {
        let fd = open(full(name), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StorageError.io(file: name, operation: "create", errno: errno) }
        return FileDescriptorOutput(name: name, fd: fd)
    }

    public func openInput(_ name: String) throws -> ReadableFile {
        let fd = open(full(name), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { throw StorageError.notFound(file: name) }
            throw StorageError.io(file: name, operation: "open", errno: errno)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw StorageError.io(file: name, operation: "stat", errno: errno) }
        let size = Int(info.st_size)
        if size == 0 {
            return ReadableFile(name: name, bytes: UnsafeRawBufferPointer(start: nil, count: 0), release: {})
        }
        // The first and last bytes (header and footer) are read into one small buffer: checking them
        // on open then maps no page of the file.
        let headLength = min(size, ReadableFile.headLength), tailLength = min(size, ReadableFile.tailLength)
        let edges = UnsafeMutableRawBufferPointer.allocate(byteCount: headLength + tailLength, alignment: 8)
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            edges.deallocate()
            throw StorageError.io(file: name, operation: "mmap", errno: errno)
        }
        let head = UnsafeMutableRawBufferPointer(rebasing: edges[..<headLength])
        let tail = UnsafeMutableRawBufferPointer(rebasing: edges[headLength...])
        let copied = Self.readFully(fd, into: head, at: 0) && Self.readFully(fd, into: tail, at: size - tailLength)
        return ReadableFile(name: name, bytes: UnsafeRawBufferPointer(start: base, count: size),
                            head: copied ? UnsafeRawBufferPointer(head) : nil, tail: copied ? UnsafeRawBufferPointer(tail) : nil,
                            release: {
            munmap(base, size)
            edges.deallocate()
        }, dropPages: {
            // A private, read-only mapping never has modified pages: dropping them loses nothing, and the
            // next access maps them again from the page cache (or the file).
            _ = madvise(base, size, MADV_DONTNEED)
        })
    }

    /// Fills `buffer` with the file's bytes from `offset`; false when a read fails or ends early (the
    /// caller then reads the mapping instead).
    private static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int) -> Bool {
        var done = 0
        while done < buffer.count {
            guard let base = buffer.baseAddress else { return false }
            let count = pread(fd, base + done, buffer.count - done, off_t(offset + done))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return false }
            done += count
        }
        return true
    }

    public func fileExists(_ name: String) -> Bool {
        access(full(name), F_OK) == 0
    }

    public func fileSize(_ name: String) throws -> Int {
        var info = stat()
        guard stat(full(name), &info) == 0 else {
            if errno == ENOENT { throw StorageError.notFound(file: name) }
            throw StorageError.io(file: name, operation: "stat", errno: errno)
        }
        return Int(info.st_size)
    }

    public func listFiles() throws -> [String] {
        guard let dir = opendir(path) else { throw StorageError.io(file: path, operation: "opendir", errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    public func delete(_ name: String) throws {
        if unlink(full(name)) != 0 && errno != ENOENT {
            throw StorageError.io(file: name, operation: "unlink", errno: errno)
        }
    }

    public func rename(_ source: String, to destination: String) throws {
        if Glibc.rename(full(source), full(destination)) != 0 {
            throw StorageError.io(file: source, operation: "rename", errno: errno)
        }
    }

    /// Several files are synced concurrently: each `fsync` mostly waits for the disk, and the waits of
    /// a batch overlap (a commit's dozen files take little longer than one).
    public func sync(_ names: [String]) throws {
        guard names.count > 1 else {
            if let name = names.first { try Self.syncFile(full(name), name: name) }
            return
        }
        let failures = SyncFailures(count: names.count)
        let queue = DispatchQueue(label: "concord.fsync", attributes: .concurrent)
        let group = DispatchGroup()
        for (i, name) in names.enumerated() {
            let location = full(name)
            queue.async(group: group) {
                do { try Self.syncFile(location, name: name) } catch { failures.record(error, at: i) }
            }
        }
        group.wait()
        if let error = failures.first { throw error }
    }

    private static func syncFile(_ location: String, name: String) throws {
        let fd = open(location, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw StorageError.io(file: name, operation: "open for fsync", errno: errno) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw StorageError.io(file: name, operation: "fsync", errno: errno) }
    }

    public func syncDirectory() throws {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw StorageError.io(file: path, operation: "open directory", errno: errno) }
        defer { close(fd) }
        if fsync(fd) != 0 { throw StorageError.io(file: path, operation: "fsync directory", errno: errno) }
    }

    public func obtainWriteLock(wait: Bool) throws -> DirectoryLock {
        let fd = open(full("write.lock"), O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StorageError.io(file: full("write.lock"), operation: "open", errno: errno) }
        while flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { throw StorageError.locked(path: path) }
            throw StorageError.io(file: full("write.lock"), operation: "flock", errno: code)
        }
        return FileLock(fd: fd)
    }
}

private final class FileLock: DirectoryLock {
    private var fd: Int32
    init(fd: Int32) { self.fd = fd }
    func release() {
        if fd >= 0 { flock(fd, LOCK_UN); close(fd); fd = -1 }
    }
    deinit { release() }
}

private final class FileDescriptorOutput: WritableFile {
    let name: String
    private var fd: Int32

    init(name: String, fd: Int32) {
        self.name = name
        self.fd = fd
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard var base = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let written = Glibc.write(fd, base, remaining)
            if written < 0 {
                if errno == EINTR { continue }
                throw StorageError.io(file: name, operation: "write", errno: errno)
            }
            remaining -= written
            base += written
        }
    }

    func close() throws {
        guard fd >= 0 else { return }
        let result = Glibc.close(fd)
        fd = -1
        if result != 0 { throw StorageError.io(file: name, operation: "close", errno: errno) }
    }

    deinit { if fd >= 0 { _ = Glibc.close(fd) } }
}

/// The errors of a concurrent sync, one slot per file, written from the syncing threads.
private final class SyncFailures: @unchecked Sendable {
    private var errors: [Error?]
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

    init(count: Int) {
        errors = Array(repeating: nil, count: count)
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    func record(_ error: Error, at index: Int) {
        pthread_mutex_lock(mutex)
        errors[index] = error
        pthread_mutex_unlock(mutex)
    }

    /// The error of the earliest file that failed (all threads have finished).
    var first: Error? {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return errors.lazy.compactMap { $0 }.first
    }
}
