import ConcordStorage

/// Read access to a segment's term dictionary: exact lookup by binary search over blocks, and
/// in-order iteration (for merges and checks).
struct TermDictionary {
    let file: FramedFile
    let termCount: Int
    let blockCount: Int
    /// Where the blocks end and the block index starts (offsets inside the body).
    let indexOffset: Int

    init(directory: Directory, name: String, identity: FileIdentity, verifyChecksum: Bool) throws {
        file = try FramedFile(directory: directory, name: name, format: TermDictionaryWriter.format,
                              versions: IndexFormat.readableVersions, identity: identity, verifyChecksum: verifyChecksum)
        let trailer = try IndexTrailer(file, entrySize: 4) { _, blocks in blocks }
        termCount = trailer.first
        blockCount = trailer.second
        guard termCount <= blockCount * TermDictionaryWriter.blockSize,
              termCount > (blockCount - 1) * TermDictionaryWriter.blockSize || blockCount == 0
        else { throw file.reader().corrupt("term count \(termCount) does not fit \(blockCount) blocks") }
        indexOffset = trailer.indexOffset
    }

    private func blockOffset(_ block: Int) throws -> Int {
        var reader = file.reader()
        reader.offset = indexOffset + 4 * block
        let offset = Int(try reader.readU32())
        guard offset < indexOffset else { throw reader.corrupt("term block offset out of range") }
        return offset
    }

    /// Compares the first term of `block` with `term`.
    private func compareFirstTerm(ofBlock block: Int, with term: UnsafeRawBufferPointer) throws -> Int {
        var reader = file.reader()
        reader.offset = try blockOffset(block)
        _ = try reader.readVInt()
        let length = try reader.readVInt(max: reader.remaining)
        let first = try reader.readBytes(length)
        return compareBytes(first, term)
    }

    /// Looks `term` up; nil when absent.
    func lookup(_ term: String) throws -> TermInfo? {
        var copy = term
        return try copy.withUTF8 { utf8 in try lookup(UnsafeRawBufferPointer(utf8)) }
    }

    func lookup(_ term: UnsafeRawBufferPointer) throws -> TermInfo? {
        guard blockCount > 0 else { return nil }
        // Last block whose first term <= term.
        var low = 0
        var high = blockCount - 1
        if try compareFirstTerm(ofBlock: 0, with: term) > 0 { return nil }
        while low < high {
            let mid = (low + high + 1) / 2
            if try compareFirstTerm(ofBlock: mid, with: term) <= 0 { low = mid } else { high = mid - 1 }
        }
        var iterator = try TermIterator(dictionary: self, startBlock: low)
        var scratch: [UInt8] = []
        while let info = try iterator.next(into: &scratch) {
            let order = scratch.withUnsafeBytes { compareBytes($0, term) }
            if order == 0 { return info }
            if order > 0 { return nil }
            if iterator.blockIndex > low { return nil }
        }
        return nil
    }

    /// Verifies the layout lookups rely on: block k starts at the offset the block index gives (every
    /// block but the last holds `blockSize` terms) and the blocks end exactly where the index starts.
    func verifyLayout() throws {
        var iterator = try makeIterator()
        var term: [UInt8] = []
        var n = 0
        while true {
            let offset = iterator.byteOffset
            if n % TermDictionaryWriter.blockSize == 0, n < termCount {
                let expected = try blockOffset(n / TermDictionaryWriter.blockSize)
                guard offset == expected else {
                    throw file.reader().corrupt("term block \(n / TermDictionaryWriter.blockSize) starts at \(offset), the block index says \(expected)")
                }
            }
            guard try iterator.next(into: &term) != nil else { break }
            n += 1
        }
        guard termCount == 0 || iterator.byteOffset == indexOffset else {
            throw file.reader().corrupt("term blocks end at \(iterator.byteOffset), the block index starts at \(indexOffset)")
        }
    }

    /// Iterates all terms in order.
    func makeIterator() throws -> TermIterator { try TermIterator(dictionary: self, startBlock: 0) }

    /// Iterates terms in order from the block that holds the first term >= `term` (earlier terms of
    /// that block come first; callers skip them).
    func makeIterator(from term: [UInt8]) throws -> TermIterator {
        guard blockCount > 0, !term.isEmpty else { return try makeIterator() }
        return try term.withUnsafeBytes { bytes in
            var low = 0, high = blockCount - 1
            if try compareFirstTerm(ofBlock: 0, with: bytes) > 0 { return try TermIterator(dictionary: self, startBlock: 0) }
            while low < high {
                let mid = (low + high + 1) / 2
                if try compareFirstTerm(ofBlock: mid, with: bytes) <= 0 { low = mid } else { high = mid - 1 }
            }
            return try TermIterator(dictionary: self, startBlock: low)
        }
    }

    /// Decodes terms in order from a block start.
    struct TermIterator {
        private let dictionary: TermDictionary
        private var reader: ByteReader
        private(set) var blockIndex: Int
        var byteOffset: Int { reader.offset }
        private var inBlock = 0
        private var remainingTerms: Int
        private var previous = TermInfo(documentFrequency: 0, docStart: 0, positionStart: 0)

        init(dictionary: TermDictionary, startBlock: Int) throws {
            self.dictionary = dictionary
            self.blockIndex = startBlock
            reader = dictionary.file.reader()
            remainingTerms = dictionary.termCount - startBlock * TermDictionaryWriter.blockSize
            if startBlock < dictionary.blockCount { reader.offset = try dictionary.blockOffset(startBlock) }
        }

        /// Writes the next term's bytes into `term` (which must hold the previous term) and returns its info.
        mutating func next(into term: inout [UInt8]) throws -> TermInfo? {
            guard remainingTerms > 0 else { return nil }
            if inBlock == TermDictionaryWriter.blockSize {
                blockIndex += 1
                inBlock = 0
            }
            let prefix = try reader.readVInt(max: inBlock == 0 ? 0 : term.count)
            let suffixLength = try reader.readVInt(max: reader.remaining)
            let suffix = try reader.readBytes(suffixLength)
            term.removeSubrange(prefix...)
            term.append(contentsOf: suffix)
            // Offsets and deltas stay below 2^48, so the running sums of a block cannot overflow.
            let df = try reader.readVInt(max: Int(Int32.max))
            let doc = try reader.readVInt(max: 1 << 48)
            let pos = try reader.readVInt(max: 1 << 48)
            let info: TermInfo
            if inBlock == 0 {
                info = TermInfo(documentFrequency: df, docStart: doc, positionStart: pos)
            } else {
                info = TermInfo(documentFrequency: df, docStart: previous.docStart + doc,
                                positionStart: previous.positionStart + pos)
            }
            guard df > 0 else { throw reader.corrupt("term with no documents") }
            previous = info
            inBlock += 1
            remainingTerms -= 1
            return info
        }
    }
}

/// Byte-wise comparison, like memcmp then length: negative, zero or positive.
@inline(__always)
func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let n = min(a.count, b.count)
    if n > 0, let pa = a.baseAddress, let pb = b.baseAddress {
        let c = memcmp(pa, pb, n)
        if c != 0 { return Int(c) }
    }
    return a.count - b.count
}

#if canImport(Glibc)
import Glibc
#endif
