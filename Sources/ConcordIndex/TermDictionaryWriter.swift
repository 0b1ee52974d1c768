import ConcordStorage

/// Writes the sorted term dictionary (`.tdi`): front-coded blocks of up to 32 terms and a block index
/// for binary search. Terms must be added in ascending UTF-8 byte order, each once.
final class TermDictionaryWriter {
    static let blockSize = 32
    static let format = "concord.terms"
    static let version: UInt32 = IndexFormat.version

    private let file: FramedFileWriter
    private let bodyStart: Int
    private var blockOffsets: [UInt32] = []
    private var inBlock = 0
    private var previousTerm: [UInt8] = []
    private var previousInfo = TermInfo(documentFrequency: 0, docStart: 0, positionStart: 0)
    private var termCount = 0
    private var block = ByteWriter(capacity: 4096)

    init(directory: Directory, name: String, identity: FileIdentity) throws {
        file = try FramedFileWriter(directory: directory, name: name, format: Self.format, version: Self.version, identity: identity)
        bodyStart = file.position
    }

    func add(term: [UInt8], info: TermInfo) throws {
        precondition(termCount == 0 || term.lexicographicallyPrecedes(previousTerm) == false && term != previousTerm,
                     "terms must be strictly ascending")
        if inBlock == TermDictionaryWriter.blockSize { try flushBlock() }
        if inBlock == 0 {
            blockOffsets.append(UInt32(file.position - bodyStart + block.count))
            Self.writeHead(prefix: 0, suffixLength: term.count, into: &block)
            block.writeBytes(term)
            block.writeVInt(info.documentFrequency)
            block.writeVInt(info.docStart)
            block.writeVInt(info.positionStart)
        } else {
            var prefix = 0
            let limit = min(term.count, previousTerm.count)
            while prefix < limit && term[prefix] == previousTerm[prefix] { prefix += 1 }
            Self.writeHead(prefix: prefix, suffixLength: term.count - prefix, into: &block)
            block.writeBytes(term[prefix...])
            block.writeVInt(info.documentFrequency)
            block.writeVInt(info.docStart - previousInfo.docStart)
            block.writeVInt(info.positionStart - previousInfo.positionStart)
        }
        previousTerm = term
        previousInfo = info
        inBlock += 1
        termCount += 1
    }

    /// Suffix lengths below this share the entry's first varint with the prefix length.
    static let inlineSuffixLimit = 7

    /// An entry's head (index format 7): `VInt(prefix << 3 | min(suffixLength, 7))`, then, when the low
    /// bits are 7, `VInt(suffixLength − 7)`. Most entries (a prefix under 16 bytes, a suffix under 7) take
    /// one byte, where separate prefix and suffix lengths took two.
    static func writeHead(prefix: Int, suffixLength: Int, into out: inout ByteWriter) {
        let inline = min(suffixLength, inlineSuffixLimit)
        out.writeVInt(prefix << 3 | inline)
        if inline == inlineSuffixLimit { out.writeVInt(suffixLength - inlineSuffixLimit) }
    }

    private func flushBlock() throws {
        try file.write { $0.writeBytes(block.bytes) }
        block.removeAll()
        inBlock = 0
    }

    /// Writes the block index and trailer and finishes the file.
    func finish() throws -> Int {
        try flushBlock()
        let indexOffset = file.position - bodyStart
        try file.write { out in
            for offset in blockOffsets { out.writeU32(offset) }
            out.writeU32(UInt32(termCount))
            out.writeU32(UInt32(blockOffsets.count))
            out.writeU64(UInt64(indexOffset))
        }
        return try file.finish()
    }

    func abandon() { file.abandon() }
}
