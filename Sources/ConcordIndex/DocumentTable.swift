import ConcordStorage

/// Per-document columns of a segment (`.dtb`): external id, content hash and the exact length of each
/// indexed field. Fixed-width columns give O(1) access by document number.
///
///     Body    := maxDoc:u32 | lengthWidth:u8 × 3 | Lengths × 3 | hash:u64 × maxDoc
///                | idOffset:u32 × (maxDoc + 1) | idBytes
///     Lengths := maxDoc values of lengthWidth bytes (1, 2 or 4), little-endian
@usableFromInline
struct DocumentTable {
    static let format = "concord.documents"
    static let version: UInt32 = IndexFormat.version

    @usableFromInline let file: FramedFile
    let maxDoc: Int
    @usableFromInline let widths: [Int]
    @usableFromInline let lengthStarts: [Int]
    private let hashStart: Int
    private let idOffsetStart: Int
    private let idBytesStart: Int
    /// Bytes of all ids together.
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
                let maxLength = maxLengths[f]
                let width = maxLength <= 0xFF ? 1 : maxLength <= 0xFFFF ? 2 : 4
                widths.append(width)
                try file.write { $0.writeU8(UInt8(width)) }
            }
            for f in 0..<fields {
                for start in stride(from: 0, to: hashes.count, by: slice) {
                    try file.write { out in
                        for doc in start..<min(start + slice, hashes.count) {
                            let length = lengths[doc * fields + f]
                            switch widths[f] {
                            case 1: out.writeU8(UInt8(length))
                            case 2: out.writeU16(UInt16(length))
                            default: out.writeU32(length)
                            }
                        }
                    }
                }
            }
            for start in stride(from: 0, to: hashes.count, by: slice) {
                try file.write { out in for hash in hashes[start..<min(start + slice, hashes.count)] { out.writeU64(hash) } }
            }
            try file.write { $0.writeU32(0) }
            for start in stride(from: 0, to: idEnds.count, by: slice) {
                try file.write { out in for end in idEnds[start..<min(start + slice, idEnds.count)] { out.writeU32(end) } }
            }
            for start in stride(from: 0, to: idBytes.count, by: 1 << 20) {
                try file.write { $0.writeBytes(idBytes[start..<min(start + (1 << 20), idBytes.count)]) }
            }
            return try file.finish()
        } catch {
            file.abandon()
            try? directory.delete(name)
            throw error
        }
    }

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
            guard width == 1 || width == 2 || width == 4 else { throw reader.corrupt("bad length width \(width)") }
            widths.append(width)
        }
        var starts: [Int] = []
        for f in 0..<IndexField.count {
            starts.append(reader.offset)
            try reader.skip(widths[f] * maxDoc)
        }
        self.widths = widths
        self.lengthStarts = starts
        hashStart = reader.offset
        try reader.skip(8 * maxDoc)
        idOffsetStart = reader.offset
        try reader.skip(4 * (maxDoc + 1))
        idBytesStart = reader.offset
        let total = Int(UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: idOffsetStart + 4 * maxDoc, as: UInt32.self)))
        guard total == reader.remaining else { throw reader.corrupt("id bytes do not match their offsets") }
        idByteCount = total
    }

    /// Exact token count of `field` in `doc`. `doc` must be in `0..<maxDoc`. Inlinable: scoring
    /// (another module) reads it for every document it scores.
    @inlinable @inline(__always)
    func length(_ doc: Int, field: Int) -> UInt32 {
        let start = lengthStarts[field]
        switch widths[field] {
        case 1: return UInt32(file.body[start + doc])
        case 2: return UInt32(UInt16(littleEndian: file.body.loadUnaligned(fromByteOffset: start + 2 * doc, as: UInt16.self)))
        default: return UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: start + 4 * doc, as: UInt32.self))
        }
    }

    func contentHash(_ doc: Int) -> UInt64 {
        UInt64(littleEndian: file.body.loadUnaligned(fromByteOffset: hashStart + 8 * doc, as: UInt64.self))
    }

    /// The UTF-8 bytes of `doc`'s id (bounds-checked against the file).
    func idBytes(_ doc: Int) throws -> UnsafeRawBufferPointer {
        let from = Int(UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: idOffsetStart + 4 * doc, as: UInt32.self)))
        let to = Int(UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: idOffsetStart + 4 * doc + 4, as: UInt32.self)))
        var reader = file.reader()
        guard from <= to else { throw reader.corrupt("id offsets out of order at document \(doc)") }
        reader.offset = idBytesStart + from
        return try reader.readBytes(to - from)
    }

    /// FNV-1a of `doc`'s id bytes (the same as `idHash(of:)` of the id), without making a String.
    func idHash(_ doc: Int) throws -> UInt64 { Self.idHash(try idBytes(doc)) }

    static func idHash(of id: String) -> UInt64 {
        var id = id
        return id.withUTF8 { idHash(UnsafeRawBufferPointer($0)) }
    }

    static func idHash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    func id(_ doc: Int) throws -> String { String(decoding: try idBytes(doc), as: UTF8.self) }

    /// `doc`'s id, refusing invalid UTF-8 (for `IndexChecker`; `id(_:)` repairs it instead).
    func validatedID(_ doc: Int) throws -> String {
        guard let id = String(validating: try idBytes(doc).bindMemory(to: UInt8.self), as: UTF8.self) else {
            throw file.reader().corrupt("the id of document \(doc) is not valid UTF-8")
        }
        return id
    }
}
