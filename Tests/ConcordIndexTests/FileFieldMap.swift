@testable import ConcordIndex
import ConcordStorage

/// Where every length, offset and count field of an index file lies, found by walking the file's
/// layout (FORMAT.md) independently of the readers: the targets of structure-aware damage.
struct FileField {
    enum Kind: Equatable { case u8, u16, u32, u64, varint }
    var offset: Int          // from the start of the file
    var kind: Kind
    var value: UInt64
    var length: Int          // bytes the field takes now
    var what: String
}

enum FileFieldMap {
    /// The fields of file `name` (bytes as on disk). `termInfos` (from the segment's `.tdi`) locate
    /// the postings runs of `.doc`.
    static func fields(of name: String, bytes: [UInt8]) throws -> [FileField] {
        var map = Walker(bytes: bytes)
        try map.header()
        let bodyEnd = bytes.count - FramedFile.footerSize
        if name.hasPrefix("commit-") { try map.commit() }
        else if name.hasSuffix(".del") { try map.fixed(.u32, "maxDoc"); try map.fixed(.u32, "deletedCount") }
        else if name.hasSuffix(".tdi") { try map.termDictionary(bodyEnd: bodyEnd) }
        else if name.hasSuffix(".sto") { try map.storedFields(bodyEnd: bodyEnd) }
        else if name.hasSuffix(".dtb") { try map.documentTable() }
        map.offset = bodyEnd + 4
        try map.fixed(.u64, "footer length")
        return map.fields
    }

    /// `.doc` fields, located through the term infos of the segment's `.tdi`.
    static func postingsFields(bytes: [UInt8], terms: [TermInfo]) throws -> [FileField] {
        var map = Walker(bytes: bytes)
        try map.header()
        let bodyStart = map.offset
        for info in terms {
            map.offset = bodyStart + info.docStart
            let blocks = (info.documentFrequency + 127) / 128
            let skipCount = info.documentFrequency >= 128 ? blocks : 0
            if skipCount > 0 {
                // Index format 7: ten field widths, then the bit-packed entries (32 bits of
                // pseudo-frequency bound each besides).
                var entryBits = 32
                for what in ["lastDoc", "blockOffset", "positionOffset"] + Array(repeating: "bound", count: 6) + ["positionIndex"] {
                    entryBits += Int(try map.fixed(.u8, "skip \(what) width"))
                }
                map.offset += (skipCount * entryBits + 7) / 8
            }
            for _ in 0..<(info.documentFrequency / 128) {
                for array in 0..<4 {
                    let head = try map.fixed(.u8, "bit width")
                    map.offset += 16 * Int(head & 0x7F)
                    // Document gaps may carry exceptions (index format 6).
                    if array == 0, head & 0x80 != 0 {
                        let count = try map.fixed(.u8, "exception count")
                        for _ in 0..<count {
                            try map.fixed(.u8, "exception index")
                            try map.varint("exception high bits")
                        }
                    }
                }
            }
            for _ in 0..<(info.documentFrequency % 128) {
                let head = try map.varint("doc delta and field mask")
                // Bit 3 (index format 6): every frequency is 1 and none is stored.
                for f in 0..<3 where head & 8 == 0 && head & (1 << UInt64(f)) != 0 { try map.varint("frequency") }
            }
        }
        // The block-bound parameters end the body: averages, weights and b, a Double per field each.
        map.offset = bytes.count - FramedFile.footerSize - 72
        for what in ["average length", "weight", "b"] {
            for _ in 0..<3 { try map.fixed(.u64, "block-bound \(what)") }
        }
        return map.fields
    }

    /// `.pos` fields (index format 7), located through the term infos of the segment's `.tdi` and each
    /// term's count of position values (the sum of its frequencies).
    static func positionFields(bytes: [UInt8], terms: [(info: TermInfo, valueCount: Int)]) throws -> [FileField] {
        var map = Walker(bytes: bytes)
        try map.header()
        let bodyStart = map.offset
        for (info, valueCount) in terms {
            map.offset = bodyStart + info.positionStart
            if info.documentFrequency >= 128 { try map.varint("position value count") }
            for _ in 0..<(valueCount / 128) {
                let head = try map.fixed(.u8, "position run width")
                map.offset += 16 * Int(head & 0x7F)
                if head & 0x80 != 0 {
                    let count = try map.fixed(.u8, "position exception count")
                    for _ in 0..<count {
                        try map.fixed(.u8, "position exception index")
                        try map.varint("position exception high bits")
                    }
                }
            }
            for _ in 0..<(valueCount % 128) { try map.varint("position") }
        }
        return map.fields
    }

    struct Walker {
        let bytes: [UInt8]
        var offset = 0
        var fields: [FileField] = []

        mutating func header() throws {
            offset = 4
            let nameLength = try fixed(.u8, "format name length")
            offset += Int(nameLength)
            try fixed(.u32, "version")
            offset += 16
        }

        @discardableResult
        mutating func fixed(_ kind: FileField.Kind, _ what: String) throws -> UInt64 {
            let size = kind == .u8 ? 1 : kind == .u16 ? 2 : kind == .u32 ? 4 : 8
            guard offset + size <= bytes.count else { throw StorageError.corrupt(file: "map", reason: "past the end") }
            var value: UInt64 = 0
            for i in 0..<size { value |= UInt64(bytes[offset + i]) << UInt64(8 * i) }
            fields.append(FileField(offset: offset, kind: kind, value: value, length: size, what: what))
            offset += size
            return value
        }

        @discardableResult
        mutating func varint(_ what: String) throws -> UInt64 {
            let start = offset
            let (value, end) = try bytes.withUnsafeBytes { raw -> (UInt64, Int) in
                var reader = ByteReader(raw, file: "map", offset: start)
                let value = try reader.readVInt()
                return (value, reader.offset)
            }
            fields.append(FileField(offset: start, kind: .varint, value: value, length: end - start, what: what))
            offset = end
            return value
        }

        mutating func commit() throws {
            try fixed(.u64, "generation")
            try fixed(.u64, "nextSegment")
            offset += Int(try varint("settings length"))
            let count = try fixed(.u32, "segment count")
            for _ in 0..<count {
                offset += Int(try varint("segment name length"))
                offset += 16
                try fixed(.u32, "maxDoc")
                try fixed(.u32, "deleted")
                try fixed(.u64, "deletion generation")
                for _ in 0..<3 { try fixed(.u64, "field length total") }
            }
            try varint("user data length")
        }

        mutating func termDictionary(bodyEnd: Int) throws {
            let bodyStart = offset
            offset = bodyEnd - 16
            let termCount = try fixed(.u32, "term count")
            let blockCount = try fixed(.u32, "block count")
            let indexOffset = try fixed(.u64, "index offset")
            offset = bodyStart
            for n in 0..<Int(termCount) {
                // Index format 7: prefix << 3 | min(suffix length, 7), then the rest of a longer suffix's length.
                let head = try varint(n % 32 == 0 ? "first entry head" : "entry head")
                var suffixLength = Int(head & 7)
                if suffixLength == 7 { suffixLength += Int(try varint("suffix length beyond 7")) }
                offset += suffixLength
                try varint("document frequency")
                try varint("doc start")
                try varint("position start")
            }
            offset = bodyStart + Int(indexOffset)
            for _ in 0..<blockCount { try fixed(.u32, "block offset") }
        }

        mutating func storedFields(bodyEnd: Int) throws {
            let bodyStart = offset
            offset = bodyEnd - 16
            let chunkCount = Int(try fixed(.u32, "chunk count"))
            try fixed(.u32, "document count")
            let indexOffset = Int(try fixed(.u64, "index offset"))
            // Index format 7: block headers of the bit-packed chunk index (`StoredChunkIndex`).
            offset = bodyStart + indexOffset
            for _ in 0..<StoredChunkIndex.blockCount(entries: chunkCount + 1) {
                try fixed(.u32, "chunk block first document")
                try fixed(.u64, "chunk block offset")
                try fixed(.u32, "chunk block packed start")
                try fixed(.u8, "chunk block document width")
                try fixed(.u8, "chunk block offset width")
            }
            let index = try bytes.withUnsafeBytes { raw in
                let body = UnsafeRawBufferPointer(rebasing: raw[bodyStart..<bodyEnd])
                let index = try StoredChunkIndex(body: body, start: indexOffset, end: body.count - 16, entryCount: chunkCount + 1, file: "sto")
                return try (0...chunkCount).map { i in
                    guard let entry = index.entry(i) else { throw StorageError.corrupt(file: "map", reason: "chunk entry \(i)") }
                    return entry
                }
            }
            // Each chunk is a magicless zstd frame: its header descriptor, and the content size it records
            // (two bytes, less 256, for chunks of 256 to 65,791 bytes).
            for entry in index.dropLast() {
                offset = bodyStart + Int(entry.offset)
                let descriptor = try fixed(.u8, "zstd frame descriptor")
                if descriptor >> 6 == 1 { try fixed(.u16, "zstd content size") }
            }
            let encodingOffset = Int(index[chunkCount].offset)
            offset = bodyStart + encodingOffset
            let dictionaryCount = try varint("dictionary count")
            for _ in 0..<dictionaryCount { offset += Int(try varint("dictionary length")) }
            let runCount = try varint("dictionary run count")
            for _ in 0..<runCount {
                try varint("run first chunk")
                try varint("run dictionary number")
            }
            let nameCount = try varint("field name count")
            for _ in 0..<nameCount { offset += Int(try varint("field name length")) }
        }

        mutating func documentTable() throws {
            let maxDoc = Int(try fixed(.u32, "maxDoc"))
            var widths: [Int] = []
            for _ in 0..<3 { widths.append(Int(try fixed(.u8, "length width"))) }
            // Index format 8: bit-packed lengths, a document's three side by side (damage to them is a value,
            // not a structure), 8 bytes of padding.
            offset += (widths.reduce(0, +) * maxDoc + 7) / 8
            try fixed(.u64, "length padding")
            offset += 8 * maxDoc
            let blockCount = DocumentTable.idBlockCount(maxDoc)
            var blockOffsets: [Int] = []
            for _ in 0...blockCount { blockOffsets.append(Int(try fixed(.u32, "id block offset"))) }
            for _ in 0..<blockCount { try fixed(.u32, "id block checksum") }
            let blocksStart = offset
            for doc in 0..<maxDoc {
                if doc % DocumentTable.idBlockSize == 0 { offset = blocksStart + blockOffsets[doc / DocumentTable.idBlockSize] }
                try varint("id shared length")
                offset += Int(try varint("id suffix length"))
            }
        }
    }
}

extension FileField {
    /// Boundary values for this field: 0, 1, one off its value, the largest and the "negative" ones,
    /// and sizes just past the end of the file.
    func boundaryValues(fileSize: Int) -> [UInt64] {
        let max: UInt64 = kind == .u8 ? 0xFF : kind == .u16 ? 0xFFFF : kind == .u32 ? 0xFFFF_FFFF : .max
        var values: [UInt64] = [0, 1, value &+ 1, value &- 1, max, max >> 1, (max >> 1) &+ 1,
                                UInt64(fileSize), UInt64(fileSize + 1)]
        if kind == .varint { values += [1 << 31, 1 << 32, 1 << 48] }
        return Array(Set(values.map { $0 & max })).filter { $0 != value }.sorted()
    }

    /// Malformed varints: longer than 64 bits (the `.pos` case of issue 6), and one running on.
    var malformedEncodings: [[UInt8]] {
        kind == .varint ? [Array(repeating: 0xFF, count: 9) + [0x7F], Array(repeating: 0xFF, count: 12)] : []
    }

    /// The encoding of `newValue` in this field's kind.
    func encoded(_ newValue: UInt64) -> [UInt8] {
        if kind == .varint {
            var writer = ByteWriter()
            writer.writeVInt(newValue)
            return writer.bytes
        }
        return (0..<length).map { UInt8(truncatingIfNeeded: newValue >> UInt64(8 * $0)) }
    }
}

/// Rewrites the footer after damage (file length and CRC-32), as a buggy writer would leave it.
func refreshFooter(_ bytes: inout [UInt8]) {
    guard bytes.count >= FramedFile.footerSize else { return }
    let lengthAt = bytes.count - 12
    for i in 0..<8 { bytes[lengthAt + i] = UInt8(truncatingIfNeeded: UInt64(bytes.count) >> UInt64(8 * i)) }
    let crc = bytes.withUnsafeBytes { Checksum.of(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)])) }
    for i in 0..<4 { bytes[bytes.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> UInt32(8 * i)) }
}
