#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes handed out in consecutive chunks, from the start, as many times as asked: the way a corpus file is read
/// without holding all of it. A pass may stop early; the next pass starts again at byte 0.
protocol ByteChunkSource {
    /// The byte count expected before reading (a file's size when opened; it may differ if the file changes).
    var expectedByteCount: Int { get }

    /// Calls `body` with the bytes in order, in chunks of at most a fixed size, until the end or until `body`
    /// returns false. A chunk is valid only during its call.
    func forEachChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Bool) throws
}

extension ByteChunkSource {
    /// One pass over the bytes: their `FileFingerprint` and the offset of the first NUL byte, if any.
    ///
    /// The fingerprint hashes the length first, so the pass starts from `expectedByteCount`; should the bytes read
    /// differ in number (the file is being written), the pass is repeated with the count seen, a few times at most.
    func fingerprintAndFirstNUL() throws -> (contentHash: UInt64, firstNUL: Int?) {
        var length = expectedByteCount
        var result: (contentHash: UInt64, firstNUL: Int?) = (0, nil)
        for _ in 0..<3 {
            var accumulator = FileFingerprint.Accumulator(length: length)
            var offset = 0
            var firstNUL: Int?
            try forEachChunk { chunk in
                accumulator.combine(UnsafeRawBufferPointer(chunk))
                if firstNUL == nil, let nul = chunk.firstIndex(of: 0, from: 0) {
                    firstNUL = offset + nul
                }
                offset += chunk.count
                return true
            }
            result = (accumulator.value, firstNUL)
            if offset == length { break }
            length = offset
        }
        return result
    }

    /// One pass over the bytes up to the first NUL byte: its offset, or nil when there is none.
    func firstNUL() throws -> Int? {
        var offset = 0
        var found: Int?
        try forEachChunk { chunk in
            if let nul = chunk.firstIndex(of: 0, from: 0) {
                found = offset + nul
                return false
            }
            offset += chunk.count
            return true
        }
        return found
    }

    /// The 1-based line holding the byte at `offset`: one more than the line feeds before it.
    func lineNumber(ofByteAt offset: Int) throws -> Int {
        var lineFeeds = 0
        var start = 0
        try forEachChunk { chunk in
            let end = min(chunk.count, offset - start)
            var index = 0
            while index < end, let newline = chunk.firstIndex(of: TextDecoder.lineFeed, from: index), newline < end {
                lineFeeds += 1
                index = newline + 1
            }
            start += chunk.count
            return start < offset
        }
        return lineFeeds + 1
    }
}

extension UnsafeBufferPointer where Element == UInt8 {
    /// The index of the first `byte` at or after `start` (`memchr`), or nil.
    func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard let base = baseAddress, start < count else { return nil }
        guard let found = memchr(base + start, Int32(byte), count - start) else { return nil }
        return UnsafeRawPointer(found) - UnsafeRawPointer(base)
    }
}
