import ConcordStorage

/// Per-document columns of a segment (`.dtb`): external id, content hash and the exact length of each
/// indexed field. Bit-packed lengths (each at its field's exact width, a document's three side by side,
/// read in place) and fixed-width hashes give O(1) access by document number; ids are front-coded in
/// blocks of `idBlockSize` (each id shares a prefix with the one before it), so an id costs decoding
/// at most one block. Ids are kept only here (stored fields refer to them), so each block carries a
/// CRC-32 that `concord check` verifies: damage to an id is found even where it leaves a valid id.
///
///     Body    := maxDoc:u32 | lengthWidth:u8 × 3 | Lengths | 0:u64 | hash:u64 × maxDoc
///                | idBlockOffset:u32 × (blockCount + 1) | idBlockCRC:u32 × blockCount | IdBlock × blockCount
///     Lengths := per document, its title, summary and body lengths at their fields' widths (0…32 bits
///                each), little-endian bit order, padded to a byte at the end
///     IdBlock := (sharedLength:VInt | suffixLength:VInt | suffix) × idBlockSize (fewer in the last block)
@usableFromInline
struct DocumentTable {
    static let format = "concord.documents"
    static let version: UInt32 = IndexFormat.version

    @usableFromInline let file: FramedFile
    let maxDoc: Int
    /// Where the packed lengths start in the body, and the bits of one document's lengths (the sum of
    /// the fields' widths).
    @usableFromInline let lengthStart: Int
    @usableFromInline let lengthStride: Int
    /// Per field, where its length lies in a document's bits, its width and its width's mask.
    @usableFromInline let lengthColumns: [LengthColumn]
    private let hashStart: Int
    private let idOffsetStart: Int
    private let idCRCStart: Int
    private let idBytesStart: Int
    /// Ids per front-coded block (the first of a block shares nothing). On the ~450k corpus 32 makes the
    /// ids, their block offsets and CRCs 3.52 → 3.22 MB (64: 3.07 MB) against 16, for decoding 16 ids
    /// instead of 8 on average to read one (a fraction of making its String).
    static let idBlockSize = 32
    /// Bytes of the front-coded id blocks (a lower bound of the ids' own bytes, for reserving capacity).
    let idByteCount: Int

    /// Writes the table of `hashes.count` documents; document d's id is `idBytes[idEnds[d-1]..<idEnds[d]]`
    /// and its length in field f is `interleavedLengths[d · IndexField.count + f]`. Written in slices of
    /// about a megabyte, so a merged segment's table is never held twice.
    static func write(directory: Directory, name: String, identity: FileIdentity, idBytes: [UInt8], idEnds: [UInt32],
                      hashes: [UInt64], interleavedLengths lengths: [UInt32]) throws -> Int {
        let fields = IndexField.count
        let file = try FramedFileWriter(directory: directory, name: name, format: format, version: version, identity: identity)
        do {
            let slice = 1 << 17
            try file.write { $0.writeU32(UInt32(hashes.count)) }
            var widths: [Int] = []
            var maxLengths = [UInt32](repeating: 0, count: fields)
            for (i, length) in lengths.enumerated() { maxLengths[i % fields] = max(maxLengths[i % fields], length) }
            for f in 0..<fields {
                let width = 32 - maxLengths[f].leadingZeroBitCount
                widths.append(width)
                try file.write { $0.writeU8(UInt8(width)) }
            }
            // A document's lengths side by side, so that scoring, which wants all three, reads one place.
            // Slices of a multiple of 8 documents end on a byte boundary.
            var accumulator: UInt64 = 0
            var bits = 0
            let recordBits = widths.reduce(0, +)
            for start in stride(from: 0, to: hashes.count, by: slice) where recordBits > 0 {
                try file.write { out in
                    for doc in start..<min(start + slice, hashes.count) {
                        for f in 0..<fields {
                            // At most 7 bits wait in the accumulator, so a 32-bit length always fits.
                            accumulator |= UInt64(lengths[doc * fields + f]) << UInt64(bits)
                            bits += widths[f]
                            while bits >= 8 {
                                out.writeU8(UInt8(truncatingIfNeeded: accumulator))
                                accumulator >>= 8
                                bits -= 8
                            }
                        }
                    }
                    if bits > 0, start + slice >= hashes.count { out.writeU8(UInt8(truncatingIfNeeded: accumulator)) }
                }
            }
            // So that reading a length (an 8-byte load at its first byte) never leaves the lengths.
            try file.write { $0.writeU64(0) }
            for start in stride(from: 0, to: hashes.count, by: slice) {
                try file.write { out in for hash in hashes[start..<min(start + slice, hashes.count)] { out.writeU64(hash) } }
            }
            // Ids front-coded in blocks of `idBlockSize`: the block offsets, then the blocks.
            var blocks = ByteWriter(capacity: idBytes.count + 2 * hashes.count)
            var offsets: [UInt32] = []
            offsets.reserveCapacity(idBlockCount(hashes.count) + 1)
            var previous = ArraySlice<UInt8>()
            for doc in 0..<idEnds.count {
                if doc % idBlockSize == 0 {
                    offsets.append(UInt32(blocks.count))
                    previous = []
                }
                let id = idBytes[(doc == 0 ? 0 : Int(idEnds[doc - 1]))..<Int(idEnds[doc])]
                var shared = 0
                let common = min(previous.count, id.count)
                while shared < common && previous[previous.startIndex + shared] == id[id.startIndex + shared] { shared += 1 }
                blocks.writeVInt(shared)
                blocks.writeVInt(id.count - shared)
                blocks.writeBytes(id.dropFirst(shared))
                previous = id
            }
            guard blocks.count <= Int(UInt32.max) else { throw IndexError.limitExceeded("a segment with more than 4 GiB of document ids") }
            offsets.append(UInt32(blocks.count))
            for start in stride(from: 0, to: offsets.count, by: slice) {
                try file.write { out in for offset in offsets[start..<min(start + slice, offsets.count)] { out.writeU32(offset) } }
            }
            // Each block's CRC-32, so `concord check` catches a damaged id that still reads as an id.
            var checksums: [UInt32] = []
            checksums.reserveCapacity(offsets.count)
            blocks.bytes.withUnsafeBytes { all in
                for b in 0..<(offsets.count - 1) {
                    checksums.append(Checksum.of(UnsafeRawBufferPointer(rebasing: all[Int(offsets[b])..<Int(offsets[b + 1])])))
                }
            }
            for start in stride(from: 0, to: checksums.count, by: slice) {
                try file.write { out in for crc in checksums[start..<min(start + slice, checksums.count)] { out.writeU32(crc) } }
            }
            for start in stride(from: 0, to: blocks.count, by: 1 << 20) {
                try file.write { $0.writeBytes(blocks.bytes[start..<min(start + (1 << 20), blocks.count)]) }
            }
            return try file.finish()
        } catch {
            file.abandon()
            try? directory.delete(name)
            throw error
        }
    }

    static func idBlockCount(_ maxDoc: Int) -> Int { (maxDoc + idBlockSize - 1) / idBlockSize }

    init(directory: Directory, name: String, expectedDocuments: Int, identity: FileIdentity, verifyChecksum: Bool) throws {
        file = try FramedFile(directory: directory, name: name, format: Self.format, versions: IndexFormat.readableVersions,
                              identity: identity, verifyChecksum: verifyChecksum)
        var reader = file.reader()
        maxDoc = Int(try reader.readU32())
        guard maxDoc == expectedDocuments else {
            throw reader.corrupt("holds \(maxDoc) documents, the segment has \(expectedDocuments)")
        }
        var widths: [Int] = []
        for _ in 0..<IndexField.count {
            let width = Int(try reader.readU8())
            guard width <= 32 else { throw reader.corrupt("bad length width \(width)") }
            widths.append(width)
        }
        var columns: [LengthColumn] = []
        var bitOffset = 0
        for f in 0..<IndexField.count {
            columns.append(LengthColumn(bitOffset: bitOffset, width: widths[f]))
            bitOffset += widths[f]
        }
        lengthStart = reader.offset
        lengthStride = bitOffset
        try reader.skip((bitOffset * maxDoc + 7) / 8)
        try reader.skip(8)
        lengthColumns = columns
        hashStart = reader.offset
        try reader.skip(8 * maxDoc)
        idOffsetStart = reader.offset
        let blockCount = Self.idBlockCount(maxDoc)
        try reader.skip(4 * (blockCount + 1))
        idCRCStart = reader.offset
        try reader.skip(4 * blockCount)
        idBytesStart = reader.offset
        let total = Int(UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: idOffsetStart + 4 * blockCount, as: UInt32.self)))
        guard total == reader.remaining else { throw reader.corrupt("id bytes do not match their offsets") }
        idByteCount = total
    }

    /// Exact token count of `field` in `doc`. `doc` must be in `0..<maxDoc`. Inlinable: scoring
    /// (another module) reads it for every document it scores.
    @inlinable @inline(__always)
    func length(_ doc: Int, field: Int) -> UInt32 {
        let column = lengthColumns[field]
        // An 8-byte load at the value's first byte: the value is at most 32 bits after a shift of at
        // most 7, and the 8 zero bytes after the lengths keep the load inside them.
        let bit = doc &* lengthStride &+ column.bitOffset
        let word = UInt64(littleEndian: file.body.loadUnaligned(fromByteOffset: lengthStart &+ (bit &>> 3), as: UInt64.self))
        return UInt32(truncatingIfNeeded: (word &>> UInt64(bit & 7)) & column.mask)
    }

    /// Exact token counts of `doc`'s three fields: one 8-byte load when they take at most 57 bits
    /// together (lengths under 2^19 in every field, say), which is one memory access where three
    /// `length(_:field:)` calls make three.
    @inlinable @inline(__always)
    func lengths(_ doc: Int) -> (UInt32, UInt32, UInt32) {
        guard lengthStride <= 57 else { return (length(doc, field: 0), length(doc, field: 1), length(doc, field: 2)) }
        let bit = doc &* lengthStride
        let word = UInt64(littleEndian: file.body.loadUnaligned(fromByteOffset: lengthStart &+ (bit &>> 3), as: UInt64.self))
            &>> UInt64(bit & 7)
        let c0 = lengthColumns[0], c1 = lengthColumns[1], c2 = lengthColumns[2]
        return (UInt32(truncatingIfNeeded: word & c0.mask),
                UInt32(truncatingIfNeeded: (word &>> UInt64(c1.bitOffset)) & c1.mask),
                UInt32(truncatingIfNeeded: (word &>> UInt64(c2.bitOffset)) & c2.mask))
    }

    /// Where one field's length lies in a document's bits, and its width's mask.
    @usableFromInline
    struct LengthColumn {
        @usableFromInline let bitOffset: Int
        @usableFromInline let width: Int
        @usableFromInline let mask: UInt64

        init(bitOffset: Int, width: Int) {
            self.bitOffset = bitOffset
            self.width = width
            mask = (1 << UInt64(width)) - 1
        }
    }

    func contentHash(_ doc: Int) -> UInt64 {
        UInt64(littleEndian: file.body.loadUnaligned(fromByteOffset: hashStart + 8 * doc, as: UInt64.self))
    }

    /// The bytes of id block `block` (bounds-checked against the file).
    private func idBlock(_ block: Int) throws -> UnsafeRawBufferPointer {
        let from = Int(UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: idOffsetStart + 4 * block, as: UInt32.self)))
        let to = Int(UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: idOffsetStart + 4 * block + 4, as: UInt32.self)))
        guard from <= to, to <= file.body.count - idBytesStart else {
            throw StorageError.corrupt(file: file.name, reason: "id offsets out of order at block \(block)")
        }
        return UnsafeRawBufferPointer(rebasing: file.body[(idBytesStart + from)..<(idBytesStart + to)])
    }

    /// Decodes the next id of a block over the previous one, whose first `length` bytes are in `id`;
    /// returns the new length. `id` has room for the whole block: no id of a block is longer than the
    /// block (every byte of an id comes from a suffix of that block), so the copy stays in bounds.
    @inline(__always)
    private static func decodeNextID(_ reader: inout ByteReader, into id: UnsafeMutableRawBufferPointer, length: Int) throws -> Int {
        let shared = try reader.readVInt(max: length)
        let suffix = try reader.readBytes(try reader.readVInt(max: reader.remaining))
        UnsafeMutableRawBufferPointer(rebasing: id[shared..<(shared + suffix.count)]).copyMemory(from: suffix)
        return shared + suffix.count
    }

    /// Calls `body` with the UTF-8 bytes of `doc`'s id (`doc` in `0..<maxDoc`), decoded from its block
    /// into a scratch buffer on the stack (for ids of ordinary length).
    func withIDBytes<T>(_ doc: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        guard doc >= 0, doc < maxDoc else { throw file.reader().corrupt("document \(doc) out of range") }
        let block = try idBlock(doc / Self.idBlockSize)
        let entry = doc % Self.idBlockSize
        // The closure captures only locals (not the table, which a capture would copy).
        let decoded: T? = try withUnsafeTemporaryAllocation(byteCount: max(block.count, 1), alignment: 1) { id in
            guard let length = Self.decodeID(block, entry: entry, into: id) else { return nil }
            return try body(UnsafeRawBufferPointer(rebasing: id[0..<length]))
        }
        guard let decoded else {
            throw StorageError.corrupt(file: file.name, reason: "id block \(doc / Self.idBlockSize) is damaged")
        }
        return decoded
    }

    /// Decodes id number `entry` of id block `block` into `id` (room for the whole block: no id of a block
    /// is longer than the block, every byte of it coming from a suffix of the block) and returns its
    /// length; nil when the block is damaged. The same checks as `decodeNextID` (an id is read for every
    /// hit and tie), but the ids before `entry` are never assembled: their heads are read in a first pass,
    /// then the id's bytes are copied from the suffixes that hold them, last entry first — its own suffix,
    /// then of each earlier entry the part of its suffix below what the entry after it keeps — until
    /// every byte is there. Each byte of the id is copied once, where assembling every id copied each
    /// suffix of the block up to `entry`.
    @inline(__always)
    private static func decodeID(_ block: UnsafeRawBufferPointer, entry: Int, into id: UnsafeMutableRawBufferPointer) -> Int? {
        guard entry >= 0 else { return nil }
        return withUnsafeTemporaryAllocation(of: (shared: Int, start: Int).self, capacity: entry + 1) { heads -> Int? in
            var at = 0
            var length = 0
            for k in 0...entry {
                guard let shared = vint(block, &at), shared <= length,
                      let suffix = vint(block, &at), suffix <= block.count - at else { return nil }
                heads[k] = (shared, at)
                at += suffix
                length = shared + suffix
            }
            // Bytes `0..<missing` of the id are still to be copied. Entry k's id is the first `shared`
            // bytes of entry k − 1's, then its suffix; `missing` never exceeds entry k's length (each
            // entry keeps at most the length of the one before), so the part copied lies in the suffix.
            // Entry 0 keeps nothing, so the loop ends there at the latest.
            var missing = length
            var k = entry
            while missing > 0, k >= 0 {
                let (shared, start) = heads[k]
                if shared < missing {
                    UnsafeMutableRawBufferPointer(rebasing: id[shared..<missing])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: block[start..<(start + missing - shared)]))
                    missing = shared
                }
                k -= 1
            }
            return length
        }
    }

    /// The variable-length integer at `at` in `bytes` (7 bits a byte, low first), `at` moved past it;
    /// nil when it runs past the end or over 63 bits.
    @inline(__always)
    private static func vint(_ bytes: UnsafeRawBufferPointer, _ at: inout Int) -> Int? {
        // Lengths of ids and their suffixes are nearly always below 128: one byte.
        if at < bytes.count, bytes[at] < 0x80 {
            at += 1
            return Int(bytes[at - 1])
        }
        var value = 0
        var shift = 0
        while at < bytes.count, shift < 63 {
            let byte = bytes[at]
            at += 1
            value |= Int(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    /// Verifies every id block against its CRC-32 (for `IndexChecker`; searches do not).
    func verifyIDChecksums() throws {
        for block in 0..<Self.idBlockCount(maxDoc) {
            let stored = UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: idCRCStart + 4 * block, as: UInt32.self))
            guard Checksum.of(try idBlock(block)) == stored else { throw file.reader().corrupt("id block \(block) does not match its CRC-32") }
        }
    }

    /// Calls `body` with every document number and its id's UTF-8 bytes, in order (each block decoded once).
    func forEachID(_ body: (Int, UnsafeRawBufferPointer) throws -> Void) throws {
        for block in 0..<Self.idBlockCount(maxDoc) {
            let bytes = try idBlock(block)
            try withUnsafeTemporaryAllocation(byteCount: max(bytes.count, 1), alignment: 1) { id in
                var reader = ByteReader(bytes, file: file.name)
                var length = 0
                let first = block * Self.idBlockSize
                for doc in first..<min(first + Self.idBlockSize, maxDoc) {
                    length = try Self.decodeNextID(&reader, into: id, length: length)
                    try body(doc, UnsafeRawBufferPointer(rebasing: id[0..<length]))
                }
                guard reader.isAtEnd else { throw reader.corrupt("id block \(block) holds more than its ids") }
            }
        }
    }

    /// `idHash` of `doc`'s id bytes (the same as `idHash(of:)` of the id), without making a String.
    func idHash(_ doc: Int) throws -> UInt64 { try withIDBytes(doc) { Self.idHash($0) } }

    static func idHash(of id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { idHash(UnsafeRawBufferPointer($0)) }
    }

    /// A 64-bit hash of an id's bytes, taken eight bytes at a time: a scan for a few ids among all of a
    /// segment's (`IDHashFilter`) hashes every id, and a byte-at-a-time hash (FNV-1a) made most of its
    /// cost. Held in memory only, never written: it may change between versions.
    @inline(__always)
    static func idHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        let count = bytes.count
        var h = 0x9E37_79B9_7F4A_7C15 &* UInt64(count &+ 1)
        var i = 0
        while i &+ 8 <= count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i &+= 8
        }
        if i < count {
            var tail: UInt64 = 0
            if count >= 8 {
                // The last eight bytes (overlapping those already taken), moved past the overlap.
                tail = bytes.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self) >> (UInt64(8 &- (count &- i)) &* 8)
            } else {
                for k in i..<count { tail |= UInt64(bytes[k]) << (UInt64(k &- i) &* 8) }
            }
            h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        }
        return h ^ (h >> 29)
    }

    func id(_ doc: Int) throws -> String { try withIDBytes(doc) { String(decoding: $0, as: UTF8.self) } }

    /// `doc`'s id, refusing invalid UTF-8 (for `IndexChecker`; `id(_:)` repairs it instead).
    func validatedID(_ doc: Int) throws -> String {
        guard let id = try withIDBytes(doc, { String(validating: $0.bindMemory(to: UInt8.self), as: UTF8.self) }) else {
            throw file.reader().corrupt("the id of document \(doc) is not valid UTF-8")
        }
        return id
    }
}
