/// An in-memory `Directory` that models durability, for tests of crash safety.
///
/// Each file keeps its current bytes and the bytes last made durable by `sync`; the directory keeps its
/// current entries and those last made durable by `syncDirectory`. `simulatePowerLoss()` throws away
/// everything not durable, as a machine losing power would. `faults` injects failures: the Nth write,
/// sync, rename or directory sync (counted from when the fault is armed) throws `StorageError.injectedFault`.
public final class MemoryDirectory: Directory {
    /// Which operation a fault is armed for.
    public enum Operation: Hashable, Sendable { case write, sync, rename, syncDirectory, create }

    private final class Storage {
        var current: [UInt8] = []
        var durable: [UInt8] = []
    }

    public let path: String
    private var entries: [String: Storage] = [:]
    private var durableEntries: [String: Storage] = [:]
    private var armedFaults: [Operation: Int] = [:]
    private var lockHeld = false

    public init(path: String = "memory") { self.path = path }

    /// Makes the `count`-th next operation of `kind` fail (1 = the very next one).
    public func armFault(_ kind: Operation, after count: Int) {
        armedFaults[kind] = count
    }

    /// Removes every armed fault.
    public func disarmFaults() { armedFaults.removeAll() }

    /// Forgets every byte and directory entry that was not made durable.
    public func simulatePowerLoss() {
        entries = durableEntries
        for storage in entries.values { storage.current = storage.durable }
        lockHeld = false
    }

    /// Current contents of a file, for tests that corrupt bytes deliberately.
    public func contents(of name: String) -> [UInt8]? { entries[name]?.current }

    /// Replaces a file's contents (current and durable), for corruption tests.
    public func overwrite(_ name: String, with bytes: [UInt8]) {
        let storage = entries[name] ?? Storage()
        storage.current = bytes
        storage.durable = bytes
        entries[name] = storage
        durableEntries[name] = storage
    }

    fileprivate func checkFault(_ kind: Operation, _ name: String) throws {
        guard let remaining = armedFaults[kind] else { return }
        if remaining <= 1 {
            armedFaults[kind] = nil
            throw StorageError.injectedFault(file: name, operation: "\(kind)")
        }
        armedFaults[kind] = remaining - 1
    }

    public func createOutput(_ name: String) throws -> WritableFile {
        try checkFault(.create, name)
        let storage = Storage()
        entries[name] = storage
        return MemoryOutput(name: name, directory: self) { bytes in storage.current.append(contentsOf: bytes) }
    }

    public func openInput(_ name: String) throws -> ReadableFile {
        guard let storage = entries[name] else { throw StorageError.notFound(file: name) }
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(storage.current.count, 1), alignment: 16)
        storage.current.withUnsafeBytes { source in
            if let base = source.baseAddress { copy.baseAddress?.copyMemory(from: base, byteCount: source.count) }
        }
        let view = UnsafeRawBufferPointer(start: copy.baseAddress, count: storage.current.count)
        return ReadableFile(name: name, bytes: view) { copy.deallocate() }
    }

    public func fileExists(_ name: String) -> Bool { entries[name] != nil }

    public func fileSize(_ name: String) throws -> Int {
        guard let storage = entries[name] else { throw StorageError.notFound(file: name) }
        return storage.current.count
    }

    public func listFiles() throws -> [String] { entries.keys.sorted() }

    public func delete(_ name: String) throws { entries[name] = nil }

    public func rename(_ source: String, to destination: String) throws {
        try checkFault(.rename, source)
        guard let storage = entries[source] else { throw StorageError.notFound(file: source) }
        entries[source] = nil
        entries[destination] = storage
    }

    public func sync(_ names: [String]) throws {
        for name in names {
            try checkFault(.sync, name)
            guard let storage = entries[name] else { throw StorageError.notFound(file: name) }
            storage.durable = storage.current
        }
    }

    public func syncDirectory() throws {
        try checkFault(.syncDirectory, path)
        durableEntries = entries
    }

    public func obtainWriteLock(wait: Bool) throws -> DirectoryLock {
        if lockHeld { throw StorageError.locked(path: path) }
        lockHeld = true
        return MemoryLock { [weak self] in self?.lockHeld = false }
    }
}

private final class MemoryLock: DirectoryLock {
    private var onRelease: (() -> Void)?
    init(onRelease: @escaping () -> Void) { self.onRelease = onRelease }
    func release() { onRelease?(); onRelease = nil }
    deinit { release() }
}

private final class MemoryOutput: WritableFile {
    let name: String
    private unowned let directory: MemoryDirectory
    private let append: (UnsafeRawBufferPointer) -> Void

    init(name: String, directory: MemoryDirectory, append: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.name = name
        self.directory = directory
        self.append = append
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try directory.checkFault(.write, name)
        append(bytes)
    }

    func close() throws {}
}
