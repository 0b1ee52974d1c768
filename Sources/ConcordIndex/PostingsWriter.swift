import ConcordStorage

/// Encodes the postings of one term after another into the `.doc` and `.pos` files (layout in FORMAT.md).
///
/// Documents arrive in ascending order with their per-field frequencies, positions and field lengths.
/// Full blocks of 128 are bit-packed (document gaps with exceptions); the remainder is varint-coded; terms with 128 or more documents
/// get a skip table with one entry per block. The `.doc` body ends with the `BlockScoreParameters` its
/// skip entries' pseudo-frequency bounds were computed with (`finishFile()`).
///
/// A value type held in one stored property of its `SegmentWriter`: the per-posting work touches
/// this struct's fields directly instead of a class's properties (which would each need a dynamic
/// exclusivity check), and the block frequencies are one flat array (field-major).
struct PostingsWriter {
    /// In a tail document's head (gap << 4 | flag | field mask): every field present has frequency 1.
    static let tailOnesFlag: UInt64 = 8

    /// The files finished terms go to; nil for a writer that holds them (`held`).
    private let files: Files?
    /// A holding writer's finished terms, in the order they were finished.
    private(set) var held = HeldTerms()

    // Per-term state.
    private var data = ByteWriter(capacity: 1 << 12)
    private var positions = ByteWriter(capacity: 1 << 12)
    private var positionRuns = PositionRunWriter()
    private var skip = ByteWriter(capacity: 256)
    /// The term's skip entries so far, `SkipTable.fieldCount` values each (packed when the term ends).
    private var skipEntries: [UInt32] = []
    private var blockDocs = [UInt32](repeating: 0, count: BitPacking.blockSize)
    /// Field f's frequency of the i-th document of the block is at `f * blockSize + i`.
    private var blockFreqs = [UInt32](repeating: 0, count: BitPacking.blockSize * IndexField.count)
    private var blockMinLength = [UInt32](repeating: .max, count: IndexField.count)
    /// The largest pseudo-frequency of the block's documents so far (under `parameters`).
    private var blockMaxPseudoFrequency = 0.0
    /// Computed from every document's lengths when the first posting arrives (documents come first).
    private var parameters: BlockScoreParameters?
    private var inBlock = 0
    private var blockDataStart = 0
    private var blockPositionStart = 0
    private var blockPositionIndex = 0
    private var previousDoc: Int64 = -1
    /// Every document's field lengths, `IndexField.count` per document in document order (the block
    /// bounds need them, and the segment writer writes them to the document table at the end).
    private(set) var fieldLengths: [UInt32] = []
    private var documentCount = 0

    init(docFile: FramedFileWriter, positionFile: FramedFileWriter) {
        files = Files(doc: docFile, positions: positionFile, docBodyStart: docFile.position, positionBodyStart: positionFile.position)
    }

    /// A writer that keeps each finished term's bytes in `held` instead of writing them, for documents with
    /// these field lengths (`fieldLengths` of the file writer the terms will be appended to, so the block
    /// bounds are the same): terms can then be encoded on another thread and appended in order later with
    /// `appendHeldTerm`. A term's bytes do not depend on where they land in the files.
    init(holdingTermsFor fieldLengths: [UInt32]) {
        files = nil
        self.fieldLengths = fieldLengths
        documentCount = 0
    }

    /// Records the field lengths of the next document of the segment.
    mutating func addDocumentLengths(_ lengths: (UInt32, UInt32, UInt32)) {
        fieldLengths.append(lengths.0)
        fieldLengths.append(lengths.1)
        fieldLengths.append(lengths.2)
    }

    mutating func reserveDocuments(_ count: Int) {
        fieldLengths.reserveCapacity(fieldLengths.count + count * IndexField.count)
    }

    var documentLengthCount: Int { fieldLengths.count / IndexField.count }

    /// Adds one document of the current term. `positions` holds the field-local positions of field 0,
    /// then field 1, then field 2, as many for each as its frequency.
    mutating func add(doc: Int32, frequencies: (UInt32, UInt32, UInt32), positions fieldPositions: UnsafeBufferPointer<UInt32>) {
        addDocument(doc, frequencies: frequencies)
        var cursor = 0
        for f in 0..<IndexField.count {
            let frequency = f == 0 ? frequencies.0 : f == 1 ? frequencies.1 : frequencies.2
            var last: UInt32 = 0
            for _ in 0..<Int(frequency) {
                let p = fieldPositions[cursor]
                positionRuns.append(p &- last)
                last = p
                cursor += 1
            }
        }
        finishDocument()
    }

    /// Adds one document of the current term whose positions are encoded as VInts: per field (0, 1, 2),
    /// as many as its frequency, each the delta from the field's previous position (the first from 0),
    /// which are the values the position runs hold. The bytes are the writer's own (not file bytes).
    mutating func add(doc: Int32, frequencies: (UInt32, UInt32, UInt32), encodedPositions: UnsafeBufferPointer<UInt8>) {
        addDocument(doc, frequencies: frequencies)
        var at = 0
        let end = encodedPositions.count
        while at < end {
            var byte = encodedPositions[at]
            at &+= 1
            var value = UInt32(byte & 0x7F)
            var shift: UInt32 = 7
            while byte >= 0x80 {
                byte = encodedPositions[at]
                at &+= 1
                value |= UInt32(byte & 0x7F) &<< shift
                shift &+= 7
            }
            positionRuns.append(value)
        }
        finishDocument()
    }

    /// The document's entry in the current block (before its positions are written).
    @inline(__always)
    private mutating func addDocument(_ doc: Int32, frequencies: (UInt32, UInt32, UInt32)) {
        precondition(Int64(doc) > previousDoc, "postings must be added in ascending document order")
        let base = Int(doc) * IndexField.count
        let lengths = (fieldLengths[base], fieldLengths[base + 1], fieldLengths[base + 2])
        let parameters = self.parameters ?? makeParameters()
        blockMaxPseudoFrequency = max(blockMaxPseudoFrequency, parameters.pseudoFrequency(frequencies: frequencies, lengths: lengths))
        if inBlock == 0 {
            blockDataStart = data.count
            (blockPositionStart, blockPositionIndex) = positionRuns.nextValuePlace
        }
        blockDocs[inBlock] = UInt32(Int64(doc) - previousDoc - 1)
        for f in 0..<IndexField.count {
            let frequency = f == 0 ? frequencies.0 : f == 1 ? frequencies.1 : frequencies.2
            let length = f == 0 ? lengths.0 : f == 1 ? lengths.1 : lengths.2
            blockFreqs[f &* BitPacking.blockSize &+ inBlock] = frequency
            if frequency > 0 { blockMinLength[f] = min(blockMinLength[f], length) }
        }
        previousDoc = Int64(doc)
    }

    /// Ends the document's entry (after its positions), flushing a full block.
    @inline(__always)
    private mutating func finishDocument() {
        inBlock += 1
        documentCount += 1
        if inBlock == BitPacking.blockSize { flushFullBlock() }
    }

    private mutating func makeParameters() -> BlockScoreParameters {
        let parameters = BlockScoreParameters(interleavedLengths: fieldLengths)
        self.parameters = parameters
        return parameters
    }

    /// Writes the block-bound parameters at the end of the `.doc` body; the last call before the
    /// file is finished.
    mutating func finishFile() throws {
        guard let files else { preconditionFailure("a holding writer has no file") }
        let parameters = self.parameters ?? makeParameters()
        try files.doc.write { parameters.write(to: &$0) }
    }

    /// Writes term `k` of a holding writer's `held` terms to this writer's files, as `finishTerm` would
    /// have written it; returns where it lives.
    mutating func appendHeldTerm(_ k: Int, of held: HeldTerms) throws -> TermInfo {
        guard let files else { preconditionFailure("a holding writer has no file") }
        let term = held.terms[k]
        let info = TermInfo(documentFrequency: term.documentFrequency, docStart: files.doc.position - files.docBodyStart,
                            positionStart: files.positions.position - files.positionBodyStart)
        try held.doc.withUnsafeBufferPointer { bytes in
            try files.doc.write { $0.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[term.doc]))) }
        }
        try held.positions.withUnsafeBufferPointer { bytes in
            try files.positions.write { $0.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[term.positions]))) }
        }
        return info
    }

    private mutating func recordSkipEntry() {
        skipEntries.append(UInt32(previousDoc))
        skipEntries.append(UInt32(blockDataStart))
        skipEntries.append(UInt32(blockPositionStart))
        for f in 0..<IndexField.count {
            var maxFreq: UInt32 = 0
            for i in 0..<inBlock { maxFreq = max(maxFreq, blockFreqs[f * BitPacking.blockSize + i]) }
            skipEntries.append(min(maxFreq, 0xFFFF))
        }
        for f in 0..<IndexField.count {
            skipEntries.append(min(blockMinLength[f], 0xFFFF))
        }
        skipEntries.append(UInt32(truncatingIfNeeded: blockPositionIndex))
        skipEntries.append(BlockScoreParameters.storedBound(blockMaxPseudoFrequency).bitPattern)
    }

    private mutating func flushFullBlock() {
        recordSkipEntry()
        blockDocs.withUnsafeBufferPointer { BitPacking.packPatched($0, into: &data) }
        blockFreqs.withUnsafeBufferPointer { all in
            for f in 0..<IndexField.count {
                let start = f * BitPacking.blockSize
                BitPacking.pack(UnsafeBufferPointer(rebasing: all[start..<(start + BitPacking.blockSize)]), into: &data)
            }
        }
        resetBlock()
    }

    private mutating func resetBlock() {
        inBlock = 0
        blockMaxPseudoFrequency = 0
        for f in 0..<IndexField.count { blockMinLength[f] = .max }
    }

    /// Ends the current term and writes it out; returns where it lives.
    mutating func finishTerm() throws -> TermInfo {
        precondition(documentCount > 0, "a term needs at least one document")
        if inBlock > 0 {
            if documentCount >= BitPacking.blockSize { recordSkipEntry() }
            for i in 0..<inBlock {
                // Field mask in bits 0-2; bit 3 set when every field present has frequency 1 (most
                // postings of rare terms), which then need no frequency bytes.
                var mask: UInt64 = 0, allOnes = true
                for f in 0..<IndexField.count where blockFreqs[f * BitPacking.blockSize + i] > 0 {
                    mask |= 1 << UInt64(f)
                    if blockFreqs[f * BitPacking.blockSize + i] != 1 { allOnes = false }
                }
                data.writeVInt(UInt64(blockDocs[i]) << 4 | (allOnes ? Self.tailOnesFlag : 0) | mask)
                guard !allOnes else { continue }
                for f in 0..<IndexField.count where blockFreqs[f * BitPacking.blockSize + i] > 0 {
                    data.writeVInt(UInt64(blockFreqs[f * BitPacking.blockSize + i] - 1))
                }
            }
        }
        guard data.count <= Int(UInt32.max), positionRuns.valueCount <= Int(UInt32.max),
              positionRuns.byteCount(withCount: documentCount >= BitPacking.blockSize) <= Int(UInt32.max) else {
            throw IndexError.limitExceeded("postings of one term over 4 GiB")
        }
        SkipTable.write(skipEntries, into: &skip)
        positionRuns.finish(withCount: documentCount >= BitPacking.blockSize, into: &positions)
        let info: TermInfo
        if let files {
            info = TermInfo(documentFrequency: documentCount, docStart: files.doc.position - files.docBodyStart,
                            positionStart: files.positions.position - files.positionBodyStart)
            try files.doc.write { out in
                out.writeBytes(skip.bytes)
                out.writeBytes(data.bytes)
            }
            try files.positions.write { $0.writeBytes(positions.bytes) }
        } else {
            info = held.add(documentFrequency: documentCount, doc: (skip.bytes, data.bytes), positions: positions.bytes)
        }
        data.removeAll()
        positions.removeAll()
        skip.removeAll()
        skipEntries.removeAll(keepingCapacity: true)
        previousDoc = -1
        documentCount = 0
        resetBlock()
        return info
    }
}

extension PostingsWriter {
    /// A postings writer's files and where their bodies start.
    private struct Files {
        let doc: FramedFileWriter
        let positions: FramedFileWriter
        let docBodyStart: Int
        let positionBodyStart: Int
    }

    /// Terms encoded by a holding writer (`init(holdingTermsFor:)`): their `.doc` and `.pos` bytes end to
    /// end, and per term, in the order finished, its document frequency and its ranges of those bytes.
    struct HeldTerms {
        fileprivate(set) var doc: [UInt8] = []
        fileprivate(set) var positions: [UInt8] = []
        fileprivate(set) var terms: [(documentFrequency: Int, doc: Range<Int>, positions: Range<Int>)] = []

        /// Bytes held.
        var byteCount: Int { doc.count + positions.count + terms.count * 40 }

        /// Keeps one finished term; its `TermInfo` gives its offsets among the held bytes.
        fileprivate mutating func add(documentFrequency: Int, doc parts: ([UInt8], [UInt8]), positions termPositions: [UInt8]) -> TermInfo {
            let info = TermInfo(documentFrequency: documentFrequency, docStart: doc.count, positionStart: positions.count)
            doc.append(contentsOf: parts.0)
            doc.append(contentsOf: parts.1)
            positions.append(contentsOf: termPositions)
            terms.append((documentFrequency, info.docStart..<doc.count, info.positionStart..<positions.count))
            return info
        }
    }
}
