/// The storage seam: every file the index reads or writes goes through a `Directory`.
///
/// Guarantees expected of an implementation (and relied upon by the commit protocol):
/// - `createOutput` makes a new file; its bytes become durable only after `sync(_:)`.
/// - `rename(_:to:)` replaces the destination atomically; it is durable after `syncDirectory()`.
/// - `openInput` returns the whole file's bytes, immutable for the lifetime of the returned value.
/// - `obtainWriteLock()` succeeds for at most one holder at a time, and a holder that dies releases it.
public protocol Directory: AnyObject {
    /// Human-readable location, for messages.
    var path: String { get }
    func createOutput(_ name: String) throws -> WritableFile
    func openInput(_ name: String) throws -> ReadableFile
    func fileExists(_ name: String) -> Bool
    func fileSize(_ name: String) throws -> Int
    func listFiles() throws -> [String]
    func delete(_ name: String) throws
    func rename(_ source: String, to destination: String) throws
    /// Makes the named files' contents durable.
    func sync(_ names: [String]) throws
    /// Makes creations, renames and deletions in the directory durable.
    func syncDirectory() throws
    /// Takes the exclusive write lock; `wait` blocks until it is free instead of failing.
    func obtainWriteLock(wait: Bool) throws -> DirectoryLock
}

/// An open output file. Bytes are appended in order; `close()` must be called exactly once.
public protocol WritableFile: AnyObject {
    var name: String { get }
    func write(_ bytes: UnsafeRawBufferPointer) throws
    func close() throws
}

/// An exclusive write lock on a directory, released by `release()` or when the process ends.
public protocol DirectoryLock: AnyObject {
    func release()
}

/// The immutable bytes of one file (memory-mapped for files on disk).
public final class ReadableFile {
    public let name: String
    public let bytes: UnsafeRawBufferPointer
    /// The file's first `headLength` bytes (or all of a shorter file) and its last `tailLength`: views
    /// into `bytes`, or copies read without touching the mapping, so checking a file's header and
    /// footer on open does not fault in two pages a search may never read.
    public let head: UnsafeRawBufferPointer
    public let tail: UnsafeRawBufferPointer
    private let release: () -> Void
    private let dropPages: (() -> Void)?

    /// Bytes `head` holds at most: enough for any framed file's header.
    public static let headLength = 320
    /// Bytes `tail` holds at most: a framed file's footer.
    public static let tailLength = 16

    /// `dropPages`, when given, lets the process's resident copy of the bytes go without invalidating
    /// them (a file mapping drops its pages, which are read again from the page cache when touched).
    /// `head` and `tail`, when given, must equal the first and last bytes of `bytes` (see `headLength`
    /// and `tailLength`) and stay valid until `release` runs.
    public init(name: String, bytes: UnsafeRawBufferPointer, head: UnsafeRawBufferPointer? = nil,
                tail: UnsafeRawBufferPointer? = nil, release: @escaping () -> Void, dropPages: (() -> Void)? = nil) {
        self.name = name
        self.bytes = bytes
        self.head = head ?? UnsafeRawBufferPointer(rebasing: bytes.prefix(Self.headLength))
        self.tail = tail ?? UnsafeRawBufferPointer(rebasing: bytes.suffix(Self.tailLength))
        self.release = release
        self.dropPages = dropPages
    }

    /// Gives back the resident pages of a memory-mapped file (they stop counting in the process's
    /// resident set until read again); `bytes` stay valid and unchanged. No effect on files held in memory.
    /// A merge reads gigabytes of mapped input once: without this, all of it would stay resident.
    public func dropResidentPages() { dropPages?() }

    deinit { release() }
}

extension WritableFile {
    public func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }
}
