import ConcordStorage

/// The chunk index of a stored-fields file (`.sto`, index format 7): for each chunk its first document
/// and where it starts, plus a closing entry (the document count and where the chunks end), both
/// ascending. Entries are grouped in blocks of `blockSize`; each block has a fixed-size header with its
/// first entry's absolute values and two bit widths, and its entries are bit-packed relative to that
/// first entry (so a chunk costs ~3 bytes instead of 12):
///
///     ChunkIndex := BlockHeader × blockCount | PackedBlock × blockCount
///     BlockHeader := firstDoc:u32 | offset:u64 | packedStart:u32 | docWidth:u8 | offsetWidth:u8
///     PackedBlock := (doc − firstDoc : docWidth bits | offset − offset₀ : offsetWidth bits) × entries,
///                    little-endian bit order, padded to a byte
///
/// Read in place: an entry costs two loads, and finding a document's chunk is a binary search over the
/// block headers, then within one block. Nothing is decoded at open. Damaged bytes make `entry` answer
/// nil (never a read outside the index), which readers report as corruption.
struct StoredChunkIndex {
    static let blockSize = 64
    static let headerSize = 18
    /// Widest relative values: a document number is 32 bits; an offset fits an 8-byte load after a
    /// shift of up to 7 bits.
    static let maxDocWidth = 32
    static let maxOffsetWidth = 56

    private let body: UnsafeRawBufferPointer
    private let start: Int
    /// Where the packed blocks start and where the index ends.
    private let packedStart: Int
    private let end: Int
    /// Entries, the closing one included.
    let entryCount: Int

    static func blockCount(entries: Int) -> Int { (entries + blockSize - 1) / blockSize }

    /// The index of `entryCount` entries lying in `body[start..<end]`; `end + 8 <= body.count` (the
    /// file's trailer follows), so every 8-byte load that starts inside the index stays in the body.
    /// Throws when the block headers do not fit.
    init(body: UnsafeRawBufferPointer, start: Int, end: Int, entryCount: Int, file: String) throws {
        let headers = Self.blockCount(entries: entryCount) * Self.headerSize
        guard start >= 0, end + 8 <= body.count, entryCount >= 1, headers <= end - start else {
            throw StorageError.corrupt(file: file, reason: "the stored chunk index does not fit its place")
        }
        self.body = body
        self.start = start
        self.end = end
        self.entryCount = entryCount
        packedStart = start + headers
    }

    @inline(__always)
    private func load64(_ at: Int) -> UInt64 { UInt64(littleEndian: body.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }

    /// Block `block`'s first document (absolute).
    @inline(__always)
    private func blockFirstDoc(_ block: Int) -> Int {
        Int(UInt32(littleEndian: body.loadUnaligned(fromByteOffset: start &+ block &* Self.headerSize, as: UInt32.self)))
    }

    /// Entry `i` (`0..<entryCount`): its first document and offset; nil when `i` is out of range or the
    /// block's header points outside the index.
    func entry(_ i: Int) -> (doc: Int, offset: UInt64)? {
        guard i >= 0, i < entryCount else { return nil }
        let block = i / Self.blockSize
        let h = start + block * Self.headerSize
        let baseDoc = blockFirstDoc(block)
        let baseOffset = UInt64(littleEndian: body.loadUnaligned(fromByteOffset: h + 4, as: UInt64.self))
        let packed = Int(UInt32(littleEndian: body.loadUnaligned(fromByteOffset: h + 12, as: UInt32.self)))
        let docWidth = Int(body[h + 16]), offsetWidth = Int(body[h + 17])
        guard docWidth <= Self.maxDocWidth, offsetWidth <= Self.maxOffsetWidth, packed <= end - packedStart else { return nil }
        let bit = (i % Self.blockSize) * (docWidth + offsetWidth)
        // The entry's bits must lie inside the index.
        guard (packedStart + packed) * 8 + bit + docWidth + offsetWidth <= end * 8 else { return nil }
        let docBit = (packedStart + packed) * 8 + bit
        let docMask: UInt64 = (1 << UInt64(docWidth)) &- 1
        let offsetMask: UInt64 = (1 << UInt64(offsetWidth)) &- 1
        let doc = (load64(docBit >> 3) >> UInt64(docBit & 7)) & docMask
        let offsetBit = docBit + docWidth
        let offset = (load64(offsetBit >> 3) >> UInt64(offsetBit & 7)) & offsetMask
        let (sum, overflow) = baseOffset.addingReportingOverflow(offset)
        guard !overflow else { return nil }
        return (baseDoc + Int(doc), sum)
    }

    /// The last entry among `0..<entryCount − 1` (the chunks, not the closing entry) whose first document
    /// is at most `doc`, by binary search (any answer in range when the index is damaged: the caller
    /// checks the chunk it names holds `doc`).
    func chunk(holding doc: Int) -> Int {
        let chunks = entryCount - 1
        guard chunks > 1 else { return 0 }
        // The block: the last whose first entry is a chunk starting at most at `doc`.
        var low = 0
        var high = (chunks - 1) / Self.blockSize
        while low < high {
            let mid = (low + high + 1) / 2
            if blockFirstDoc(mid) <= doc { low = mid } else { high = mid - 1 }
        }
        var first = low * Self.blockSize
        var last = min(first + Self.blockSize, chunks) - 1
        while first < last {
            let mid = (first + last + 1) / 2
            if let entry = entry(mid), entry.doc <= doc { first = mid } else { last = mid - 1 }
        }
        return first
    }

    /// Checks the layout (for `concord check`): each block's packed entries start where the previous
    /// block's end, its first entry is its header's (relative 0), its widths are the narrowest that hold
    /// its entries, and the packed blocks end where the index ends. Entry order is checked by readers.
    func verifyLayout(file: String) throws {
        var expected = 0
        for block in 0..<Self.blockCount(entries: entryCount) {
            let h = start + block * Self.headerSize
            let packed = Int(UInt32(littleEndian: body.loadUnaligned(fromByteOffset: h + 12, as: UInt32.self)))
            let docWidth = Int(body[h + 16]), offsetWidth = Int(body[h + 17])
            let first = block * Self.blockSize
            let entries = min(Self.blockSize, entryCount - first)
            guard packed == expected, let head = entry(first), head.doc == blockFirstDoc(block),
                  head.offset == UInt64(littleEndian: body.loadUnaligned(fromByteOffset: h + 4, as: UInt64.self))
            else { throw StorageError.corrupt(file: file, reason: "stored chunk index block \(block) is misplaced") }
            var docs = 0, offsets: UInt64 = 0
            for i in first..<(first + entries) {
                guard let entry = entry(i), entry.doc >= head.doc, entry.offset >= head.offset else {
                    throw StorageError.corrupt(file: file, reason: "the stored chunk index is damaged at chunk \(i)")
                }
                docs |= entry.doc - head.doc
                offsets |= entry.offset - head.offset
            }
            guard docWidth == Int.bitWidth - docs.leadingZeroBitCount, offsetWidth == 64 - offsets.leadingZeroBitCount else {
                throw StorageError.corrupt(file: file, reason: "stored chunk index block \(block) has wrong widths")
            }
            expected += (entries * (docWidth + offsetWidth) + 7) / 8
        }
        guard packedStart + expected == end else {
            throw StorageError.corrupt(file: file, reason: "the stored chunk index does not end at the trailer")
        }
    }

    /// Appends the index of `entries` (ascending: each document and offset larger than the one before,
    /// the closing entry last) to `out`.
    static func write(_ entries: [(doc: UInt32, offset: UInt64)], into out: inout ByteWriter) {
        var packed = ByteWriter(capacity: entries.count * 4)
        var headers = ByteWriter(capacity: blockCount(entries: entries.count) * headerSize)
        for first in stride(from: 0, to: entries.count, by: blockSize) {
            let block = entries[first..<min(first + blockSize, entries.count)]
            let base = block[first]
            var docs: UInt64 = 0, offsets: UInt64 = 0
            for entry in block {
                docs |= UInt64(entry.doc - base.doc)
                offsets |= entry.offset - base.offset
            }
            let docWidth = 64 - docs.leadingZeroBitCount, offsetWidth = 64 - offsets.leadingZeroBitCount
            precondition(offsetWidth <= maxOffsetWidth, "a block of stored chunks spans more than 2^56 bytes")
            headers.writeU32(base.doc)
            headers.writeU64(base.offset)
            headers.writeU32(UInt32(packed.count))
            headers.writeU8(UInt8(docWidth))
            headers.writeU8(UInt8(offsetWidth))
            var accumulator: UInt64 = 0
            var bits = 0
            func put(_ value: UInt64, _ width: Int) {
                guard width > 0 else { return }
                // At most 7 bits are pending, so a value of up to 56 bits fits beside them.
                accumulator |= value << UInt64(bits)
                bits += width
                while bits >= 8 {
                    packed.writeU8(UInt8(truncatingIfNeeded: accumulator))
                    accumulator >>= 8
                    bits -= 8
                }
            }
            for entry in block {
                put(UInt64(entry.doc - base.doc), docWidth)
                put(entry.offset - base.offset, offsetWidth)
            }
            if bits > 0 { packed.writeU8(UInt8(truncatingIfNeeded: accumulator)) }
        }
        out.writeBytes(headers.bytes)
        out.writeBytes(packed.bytes)
    }
}
