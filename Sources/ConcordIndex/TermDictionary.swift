import ConcordStorage

/// Read access to a segment's term dictionary: exact lookup by binary search over blocks, and
/// in-order iteration (for merges and checks).
struct TermDictionary {
    let file: FramedFile
    let termCount: Int
    let blockCount: Int
    /// Where the blocks end and the block index starts (offsets inside the body).
    let indexOffset: Int
    /// The blocks' first-term keys, built once lookups have probed enough blocks.
    private let blockKeys: TermBlockKeys

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
        blockKeys = TermBlockKeys(blockCount: blockCount)
    }

    /// Where block `block` (in `0..<blockCount`) starts: its offset from the block index, one u32 per
    /// block, read in place (the index lies inside the body: `IndexTrailer` checks it at open). A
    /// lookup's binary search reads about log2(blockCount) of them, and a `ByteReader` would retain the
    /// file's name and owner for each.
    func blockOffset(_ block: Int) throws -> Int {
        guard block >= 0, block < blockCount, let base = file.body.baseAddress else {
            throw StorageError.corrupt(file: file.name, reason: "term block \(block) out of range")
        }
        let offset = Int(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: indexOffset &+ 4 &* block, as: UInt32.self)))
        guard offset < indexOffset else {
            throw StorageError.corrupt(file: file.name, reason: "term block offset out of range (at byte \(indexOffset + 4 * block + 4))")
        }
        return offset
    }

    /// An entry's prefix and suffix lengths (see `TermDictionaryWriter.writeHead`): the prefix at most
    /// `maxPrefix`, the suffix at most the bytes left.
    @inline(__always)
    static func readHead(_ reader: inout ByteReader, maxPrefix: Int) throws -> (prefix: Int, suffixLength: Int) {
        let limit = TermDictionaryWriter.inlineSuffixLimit
        let head = try reader.readVInt(max: maxPrefix << 3 | limit)
        var suffixLength = head & limit
        if suffixLength == limit { suffixLength += try reader.readVInt(max: max(reader.remaining - limit, 0)) }
        guard suffixLength <= reader.remaining else { throw reader.corrupt("a term suffix runs past the end") }
        return (head >> 3, suffixLength)
    }

    /// The first term of `block`, read in place; it must end by `indexOffset`, where the blocks end.
    func firstTerm(ofBlock block: Int) throws -> UnsafeRawBufferPointer {
        let start = try blockOffset(block)
        guard let base = file.body.baseAddress else { throw StorageError.corrupt(file: file.name, reason: "term block \(block) out of range") }
        // Bounded by the blocks' end, as the dictionary walks read entries.
        var entry = TermEntryCursor(base: base, offset: start, end: indexOffset)
        let (shared, length) = entry.readHead(maxPrefix: 0)
        guard shared == 0 else { throw entry.corrupt(in: file) }
        return UnsafeRawBufferPointer(start: base + entry.offset, count: length)
    }

    /// Compares the first term of `block` with `term`.
    private func compareFirstTerm(ofBlock block: Int, with term: UnsafeRawBufferPointer) throws -> Int {
        compareBytes(try firstTerm(ofBlock: block), term)
    }

    /// The last block whose first term is <= `term`; nil when `term` precedes every term (or there
    /// are no blocks). Compares in-memory keys when they are built, reading a first term only on a tie.
    func lastBlock(atOrBefore term: UnsafeRawBufferPointer) throws -> Int? {
        guard blockCount > 0 else { return nil }
        if let keys = blockKeys.keys {
            let key = TermBlockKeys.key(term)
            return try keys.withUnsafeBufferPointer { keys in
                try lastBlock(atOrBefore: term) { block in
                    let blockKey = keys[block]
                    if blockKey != key { return blockKey < key ? -1 : 1 }
                    return try compareFirstTerm(ofBlock: block, with: term)
                }
            }
        }
        var probes = 0
        let found = try lastBlock(atOrBefore: term) { block in
            probes += 1
            return try compareFirstTerm(ofBlock: block, with: term)
        }
        if blockKeys.countProbes(probes) {
            blockKeys.build(blockCount: blockCount) { block in TermBlockKeys.key(try firstTerm(ofBlock: block)) }
        }
        return found
    }

    /// Binary search for the last block whose first term compares <= 0 under `compare`.
    @inline(__always)
    private func lastBlock(atOrBefore term: UnsafeRawBufferPointer, compare: (Int) throws -> Int) throws -> Int? {
        if try compare(0) > 0 { return nil }
        var low = 0
        var high = blockCount - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if try compare(mid) <= 0 { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Whether the lookups' block keys are built (for tests).
    var hasBlockKeys: Bool { blockKeys.keys != nil }

    /// Looks `term` up; nil when absent.
    func lookup(_ term: String) throws -> TermInfo? {
        var copy = term
        return try copy.withUTF8 { utf8 in try lookup(UnsafeRawBufferPointer(utf8)) }
    }

    func lookup(_ term: UnsafeRawBufferPointer) throws -> TermInfo? {
        guard let block = try lastBlock(atOrBefore: term) else { return nil }
        return try scan(block: block, for: term)
    }

    /// Scans `block`'s front-coded entries for `term` without rebuilding the terms: `matched` is how many
    /// leading bytes the previous term shares with `term` (which it precedes). An entry that keeps more
    /// than `matched` bytes of the previous term also precedes `term`; otherwise it is `term`'s first
    /// `prefix` bytes followed by its suffix, and only the suffix is compared.
    private func scan(block: Int, for term: UnsafeRawBufferPointer) throws -> TermInfo? {
        var reader = file.reader()
        reader.offset = try blockOffset(block)
        let count = min(TermDictionaryWriter.blockSize, termCount - block * TermDictionaryWriter.blockSize)
        var matched = 0
        var previousLength = 0
        var docStart = 0
        var positionStart = 0
        for entry in 0..<count {
            let (prefix, suffixLength) = try Self.readHead(&reader, maxPrefix: entry == 0 ? 0 : previousLength)
            let suffix = try reader.readBytes(suffixLength)
            let df = try reader.readVInt(max: Int(Int32.max))
            let doc = try reader.readVInt(max: 1 << 48)
            let pos = try reader.readVInt(max: 1 << 48)
            guard df > 0 else { throw reader.corrupt("term with no documents") }
            // Offsets and deltas stay below 2^48, so the running sums of a block cannot overflow.
            docStart = entry == 0 ? doc : docStart + doc
            positionStart = entry == 0 ? pos : positionStart + pos
            previousLength = prefix + suffixLength
            if prefix > matched { continue }
            let rest = term.count - prefix
            let limit = min(suffixLength, rest)
            var common = 0
            while common < limit, suffix[common] == term[prefix + common] { common += 1 }
            matched = prefix + common
            if common == suffixLength {
                if common == rest { return TermInfo(documentFrequency: df, docStart: docStart, positionStart: positionStart) }
                continue
            }
            if common == rest || suffix[common] > term[matched] { return nil }
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
        let block = try term.withUnsafeBytes { try lastBlock(atOrBefore: $0) }
        return try TermIterator(dictionary: self, startBlock: block ?? 0)
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
            let (prefix, suffixLength) = try TermDictionary.readHead(&reader, maxPrefix: inBlock == 0 ? 0 : term.count)
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
