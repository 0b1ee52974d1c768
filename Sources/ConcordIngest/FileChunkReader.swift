#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A corpus file read in fixed-size chunks with `pread(2)` into one reused buffer, so reading it takes the same
/// memory whatever its size. Reading (not mapping) the file also means a file truncated by another program while
/// it is read just ends early, instead of faulting. The descriptor is closed when the reader goes away.
final class FileChunkReader: ByteChunkSource {
    /// Path relative to the corpus root, for errors.
    let path: String
    let expectedByteCount: Int
    private let descriptor: Int32
    private let buffer: UnsafeMutableBufferPointer<UInt8>

    /// Opens the file at the raw path bytes `location`. Throws `CorpusError.unreadable` (with the system's reason)
    /// when it cannot.
    init(location: [UInt8], path: String, chunkSize: Int) throws {
        self.path = path
        let descriptor = open(cString(location), O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CorpusError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw CorpusError.unreadable(path: path, reason: reason)
        }
        self.descriptor = descriptor
        expectedByteCount = Int(info.st_size)
        buffer = .allocate(capacity: max(1, chunkSize))
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    func forEachChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        guard let base = buffer.baseAddress else { return }
        var offset = 0
        while true {
            var filled = 0
            while filled < buffer.count {
                let count = pread(descriptor, base + filled, buffer.count - filled, off_t(offset + filled))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw CorpusError.unreadable(path: path, reason: String(cString: strerror(errno)))
                }
                if count == 0 { break }
                filled += count
            }
            guard filled > 0 else { return }
            offset += filled
            guard try body(UnsafeBufferPointer(rebasing: buffer[0..<filled])), filled == buffer.count else { return }
        }
    }
}
