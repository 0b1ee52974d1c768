/// Bytes already in memory, handed out as a `ByteChunkSource` (in chunks of `chunkSize`, so tests can split them
/// anywhere).
struct MemoryChunks: ByteChunkSource {
    let bytes: [UInt8]
    let chunkSize: Int

    init(_ bytes: [UInt8], chunkSize: Int = .max) {
        self.bytes = bytes
        self.chunkSize = max(1, chunkSize)
    }

    var expectedByteCount: Int { bytes.count }

    func forEachChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        try bytes.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                let end = start + min(chunkSize, all.count - start)
                guard try body(UnsafeBufferPointer(rebasing: all[start..<end])) else { return }
                start = end
            }
        }
    }
}
