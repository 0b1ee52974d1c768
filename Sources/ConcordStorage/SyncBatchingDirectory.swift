#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A `Directory` that gathers `sync` requests and carries them out together, just before the next
/// `rename` or `syncDirectory` (or on `syncPending()`), as one `sync` of the wrapped directory — which
/// for a `FileSystemDirectory` syncs the files concurrently. A commit writes a dozen files and then
/// renames its commit file into place: the files are made durable in one batch instead of one after
/// another, each waiting for the disk.
///
/// Guarantee: every file whose `sync` was asked for (and that was not deleted since) is durable before
/// any `rename` or `syncDirectory` of this directory takes effect. So a commit protocol that syncs its
/// files and then renames its commit into place stays crash-safe: the renamed name can only ever point
/// at durable files. Until then a sync is only noted, and an I/O error of the real sync surfaces from
/// the `rename`/`syncDirectory` (naming the file). Safe to use from several threads at once when the
/// wrapped directory is.
public final class SyncBatchingDirectory: Directory {
    public let base: Directory
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Files whose sync was asked for and not yet done, in the order asked.
    private var pending: [String] = []

    public init(wrapping base: Directory) {
        self.base = base
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    public var path: String { base.path }
    public func createOutput(_ name: String) throws -> WritableFile { try base.createOutput(name) }
    public func openInput(_ name: String) throws -> ReadableFile { try base.openInput(name) }
    public func fileExists(_ name: String) -> Bool { base.fileExists(name) }
    public func fileSize(_ name: String) throws -> Int { try base.fileSize(name) }
    public func listFiles() throws -> [String] { try base.listFiles() }
    public func obtainWriteLock(wait: Bool) throws -> DirectoryLock { try base.obtainWriteLock(wait: wait) }

    /// Deletes the file; a sync still pending for it is dropped (nothing of it needs to last).
    public func delete(_ name: String) throws {
        try locked {
            try base.delete(name)
            pending.removeAll { $0 == name }
        }
    }

    /// Notes the files for the next batch; they are durable once a later `rename`, `syncDirectory` or
    /// `syncPending()` returns.
    public func sync(_ names: [String]) throws {
        locked {
            for name in names where !pending.contains(name) { pending.append(name) }
        }
    }

    /// Makes every noted file durable, then renames.
    public func rename(_ source: String, to destination: String) throws {
        try locked {
            try flushLocked()
            try base.rename(source, to: destination)
        }
    }

    /// Makes every noted file durable, then the directory's entries.
    public func syncDirectory() throws {
        try locked {
            try flushLocked()
            try base.syncDirectory()
        }
    }

    /// Makes every noted file durable now.
    public func syncPending() throws {
        try locked { try flushLocked() }
    }

    /// Names noted and not yet synced (for tests).
    public var pendingSyncs: [String] { locked { pending } }

    private func flushLocked() throws {
        guard !pending.isEmpty else { return }
        try base.sync(pending)
        pending.removeAll()
    }
}
