import ConcordStorage

/// A cursor over one term's postings in one segment: documents ascending, with per-field frequencies
/// and, on demand, positions. Deleted documents are included; callers check `SegmentReader.isLive`.
///
/// `doc` is -1 before the first `next()` and `SegmentPostings.exhausted` after the last document.
/// Corrupt bytes raise `StorageError.corrupt`, never a trap: every block is bounds-checked as it is
/// decoded, and decoded document numbers are checked against the segment's size.
public struct SegmentPostings {
    public static let exhausted = Int32.max
    /// Positions are below 2^30 (a field of a billion tokens); larger decoded values are corruption.
    static let positionLimit: UInt64 = 1 << 30

    /// The current document (`doc`), stored apart so that the inlinable `advance(to:)` can set it.
    @usableFromInline var current: Int32 = -1
    public var doc: Int32 {
        @inlinable @inline(__always) get { current }
    }
    public let documentFrequency: Int

    private let docs: UnsafeRawBufferPointer
    let positionsBody: UnsafeRawBufferPointer
    private let docFileName: String
    let positionFileName: String
    private let maxDoc: Int32
    private let skipCount: Int
    private let skipStart: Int
    private let dataStart: Int
    private let positionStart: Int
    @usableFromInline let buffers: PostingsBlockBuffer
    /// The skip table (trivially copyable: the hot paths below read it without copying the cursor, as
    /// calling one of the cursor's own non-mutating methods from a mutating one would).
    private let skips: SkipTable
    /// Keeps the segment's mapped files alive while the cursor reads them.
    private let owner: AnyObject

    @usableFromInline private(set) var block = -1
    private(set) var countInBlock = 0
    /// Where the loaded block's bytes start and end in the `.doc` body, the index of its first position
    /// value among the term's and the offset of the run holding it (relative to the term's first run;
    /// for `IndexChecker`, which verifies the skip table and the files' layout).
    private(set) var blockByteRange = 0..<0
    private(set) var blockPositionStart = 0
    private(set) var blockRunOffset = 0
    /// Last document of the loaded block (so advancing within it needs no skip-table read).
    @usableFromInline private(set) var blockLastDoc: Int32 = -1
    @usableFromInline var indexInBlock = -1
    // Positions: `positionOffset` is the index (among the term's position values) where the positions of
    // document `positionDoc` of the block start.
    var positionOffset = 0
    var positionDoc = 0
    /// The document of the block whose positions `currentDocumentStart` and `decodedFields` describe.
    var decodedPositionsFor = -1
    private(set) var currentDocumentStart = 0
    /// Bit f set: `buffers.positions[f]` holds field f's positions of document `decodedPositionsFor`.
    private var decodedFields = 0

    init(info: TermInfo, docs: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer,
         docFileName: String, positionFileName: String, maxDoc: Int, owner: AnyObject) {
        self.owner = owner
        self.documentFrequency = info.documentFrequency
        self.docs = docs
        self.positionsBody = positions
        self.docFileName = docFileName
        self.positionFileName = positionFileName
        self.maxDoc = Int32(maxDoc)
        let blocks = (info.documentFrequency + BitPacking.blockSize - 1) / BitPacking.blockSize
        skipCount = info.documentFrequency >= BitPacking.blockSize ? blocks : 0
        skipStart = info.docStart
        skips = SkipTable(bytes: docs, tableStart: skipStart, count: skipCount)
        dataStart = skips.end
        positionStart = info.positionStart
        buffers = PostingsBlockBuffer()
    }

    private var blockCount: Int { max(skipCount, 1) }

    private func corrupt(_ reason: String) -> StorageError { .corrupt(file: docFileName, reason: reason) }

    private func skipEntry(_ k: Int, field: Int) throws -> UInt32 {
        guard let value = skips.entry(k, field: field) else { throw corrupt("skip entry out of range") }
        return value
    }

    /// `skips.entry(k, field:)`, throwing when it lies outside the file (static, so that a mutating
    /// method calling it does not copy the cursor).
    @inline(__always)
    private static func skipEntry(_ k: Int, field: Int, in skips: SkipTable, file: String) throws -> UInt32 {
        guard let value = skips.entry(k, field: field) else {
            throw StorageError.corrupt(file: file, reason: "skip entry out of range")
        }
        return value
    }

    /// Number of skip entries (0 for postings of fewer than 128 documents).
    var skipEntryCount: Int { skipCount }
    /// Where the term's postings start in the `.doc` body (its skip table first).
    var postingsStart: Int { skipStart }
    var positionsStart: Int { positionStart }
    /// Where block data starts (after the skip table); skip entries' block offsets are relative to it.
    var blocksStart: Int { dataStart }

    /// The raw skip entry of block `k`: last document, block offset and position offset (relative to
    /// the term's data and positions), per-field largest frequency and smallest length, and the largest
    /// pseudo-frequency (see `BlockScoreParameters`).
    func skipEntryValues(_ k: Int) throws -> (lastDoc: UInt32, blockOffset: Int, positionOffset: Int,
                                               maxFrequency: [Int], minLength: [Int], maxPseudoFrequency: Float) {
        guard k >= 0, k < skipCount else { throw corrupt("skip entry \(k) out of range") }
        let values = try (0..<SkipTable.fieldCount).map { try skipEntry(k, field: $0) }
        return (values[0], Int(values[1]), Int(values[2]), values[3...5].map { Int($0) }, values[6...8].map { Int($0) },
                Float(bitPattern: values[SkipTable.pseudoFrequencyField]))
    }

    /// Last document of block `k` according to the skip table.
    private func lastDoc(ofBlock k: Int) throws -> Int32 { Int32(bitPattern: try skipEntry(k, field: 0)) }

    /// A varint-coded frequency (stored minus one), which must fit 32 bits.
    private static func frequency(_ reader: inout ByteReader) throws -> UInt32 {
        let stored = try reader.readVInt()
        guard stored < UInt64(UInt32.max) else { throw reader.corrupt("frequency out of range") }
        return UInt32(stored) + 1
    }

    private mutating func load(block k: Int) throws {
        guard k >= 0, k < blockCount else { throw corrupt("block \(k) out of range") }
        var reader = ByteReader(docs, file: docFileName)
        var base: Int64 = -1
        if skipCount > 0 {
            reader.offset = dataStart + Int(try Self.skipEntry(k, field: 1, in: skips, file: docFileName))
            if k > 0 {
                base = Int64(Int32(bitPattern: try Self.skipEntry(k - 1, field: 0, in: skips, file: docFileName)))
                guard base >= 0, base < Int64(maxDoc) else { throw corrupt("skip entry \(k - 1) names document \(base) outside the segment") }
            }
            blockRunOffset = Int(try Self.skipEntry(k, field: 2, in: skips, file: docFileName))
            positionOffset = Int(try Self.skipEntry(k, field: SkipTable.positionIndexField, in: skips, file: docFileName))
        } else {
            reader.offset = dataStart
            blockRunOffset = 0
            positionOffset = 0
        }
        let blockStart = reader.offset
        let full = k < documentFrequency / BitPacking.blockSize
        let count = full ? BitPacking.blockSize : documentFrequency - k * BitPacking.blockSize
        let d = buffers.docs, f0 = buffers.freqs0, f1 = buffers.freqs1, f2 = buffers.freqs2
        if full {
            // Document numbers are summed from their gaps as they are unpacked; the sums only grow, so
            // the last one range-checks them all.
            let last = try BitPacking.unpackGaps(&reader, into: d, after: base)
            // Frequencies are checked in place now and unpacked on first use (a counted-only block
            // never needs them).
            try buffers.deferFrequencies(&reader)
            if last >= Int64(maxDoc) { throw corrupt("document number \(last) beyond the segment's \(maxDoc)") }
        } else {
            buffers.deferred.pointee.isPending = false
            buffers.deferred.pointee.isPacked = false
            buffers.deferred.pointee.hasPositionCounts = false
            var last = base
            for i in 0..<count {
                let head = try reader.readVInt()
                guard head >> 4 < UInt64(maxDoc) else { throw corrupt("document delta beyond the segment") }
                last += Int64(head >> 4) + 1
                guard last < Int64(maxDoc) else { throw corrupt("document number \(last) beyond the segment's \(maxDoc)") }
                d[i] = UInt32(last)
                if head & PostingsWriter.tailOnesFlag != 0 {
                    // Every field in the mask has frequency 1; no frequency bytes follow.
                    f0[i] = UInt32(truncatingIfNeeded: head & 1)
                    f1[i] = UInt32(truncatingIfNeeded: head >> 1 & 1)
                    f2[i] = UInt32(truncatingIfNeeded: head >> 2 & 1)
                    continue
                }
                f0[i] = head & 1 != 0 ? try Self.frequency(&reader) : 0
                f1[i] = head & 2 != 0 ? try Self.frequency(&reader) : 0
                f2[i] = head & 4 != 0 ? try Self.frequency(&reader) : 0
            }
        }
        blockByteRange = blockStart..<reader.offset
        blockPositionStart = positionOffset
        buffers.runState.pointee.seedRun = positionOffset &>> 7
        buffers.runState.pointee.seedOffset = blockRunOffset
        if skipCount > 0, Int64(Int32(bitPattern: try Self.skipEntry(k, field: 0, in: skips, file: docFileName))) != Int64(d[count - 1]) {
            throw corrupt("block \(k) does not end at the document its skip entry names")
        }
        block = k
        countInBlock = count
        blockLastDoc = Int32(bitPattern: d[count - 1])
        indexInBlock = 0
        positionDoc = 0
        decodedPositionsFor = -1
    }

    /// Moves to the next document; returns it (or `exhausted`).
    @discardableResult
    public mutating func next() throws -> Int32 {
        if doc == Self.exhausted { return doc }
        if block >= 0 && indexInBlock + 1 < countInBlock {
            indexInBlock += 1
        } else if block + 1 < blockCount {
            try load(block: block + 1)
        } else {
            current = Self.exhausted
            return doc
        }
        current = Int32(bitPattern: buffers.docs[indexInBlock])
        return doc
    }

    /// Moves to the first document >= `target`; returns it (or `exhausted`). Inlinable: within the
    /// loaded block (most calls of a conjunction) it is a short scan without a call.
    @inlinable @discardableResult
    public mutating func advance(to target: Int32) throws -> Int32 {
        if current >= target { return current }
        if block >= 0 && target <= blockLastDoc {
            // The block's last document is >= target, so the scan stops inside the block.
            let d = buffers.docs
            var i = indexInBlock
            while Int32(bitPattern: d[i]) < target { i &+= 1 }
            indexInBlock = i
            current = Int32(bitPattern: d[i])
            return current
        }
        return try advance(beyondBlockTo: target)
    }

    @usableFromInline
    mutating func advance(beyondBlockTo target: Int32) throws -> Int32 {
        if block < 0 || target > blockLastDoc {
            if skipCount > 0 {
                var k = block < 0 ? 0 : block + 1
                if k >= skipCount {
                    current = Self.exhausted
                    return doc
                }
                if Int32(bitPattern: try Self.skipEntry(k, field: 0, in: skips, file: docFileName)) < target {
                    guard let found = skips.firstBlock(endingAtOrAfter: target, after: k) else {
                        throw StorageError.corrupt(file: docFileName, reason: "skip entry out of range")
                    }
                    k = found
                    if k == skipCount {
                        current = Self.exhausted
                        return doc
                    }
                }
                try load(block: k)
            } else if block < 0 {
                try load(block: 0)
            } else {
                current = Self.exhausted
                return doc
            }
        }
        let d = buffers.docs
        var i = indexInBlock
        if Int32(bitPattern: d[i]) < target {
            // Binary search for the first document >= target after `i` (a sparse leader crosses most of
            // a dense follower's block in one step).
            var low = i + 1, high = countInBlock
            while low < high {
                let mid = (low + high) >> 1
                if Int32(bitPattern: d[mid]) < target { low = mid + 1 } else { high = mid }
            }
            i = low
        }
        if i == countInBlock {
            current = Self.exhausted
            return doc
        }
        indexInBlock = i
        current = Int32(bitPattern: d[i])
        return doc
    }

    /// Moves to the next block (its documents are then read by index); returns its size, 0 at the end.
    public mutating func nextBlock() throws -> Int {
        guard doc != Self.exhausted, block + 1 < blockCount else {
            current = Self.exhausted
            return 0
        }
        try load(block: block + 1)
        indexInBlock = countInBlock - 1
        current = blockLastDoc
        return countInBlock
    }

    /// The document count and skip-table bounds of the block after the current one, without loading it;
    /// nil without a skip table, when no block follows, or once exhausted.
    public func nextBlockSkipSummary() -> (count: Int, maxFrequency: (Int, Int, Int)?, minLength: (Int, Int, Int),
                                           maxPseudoFrequency: Double?)? {
        let k = block + 1
        guard doc != Self.exhausted, k < skipCount, let bounds = skipBounds(ofBlock: k) else { return nil }
        let count = k < documentFrequency / BitPacking.blockSize ? BitPacking.blockSize : documentFrequency - k * BitPacking.blockSize
        return (count, bounds.maxFrequency, bounds.minLength, bounds.maxPseudoFrequency)
    }

    /// Moves past the next block without decoding it (see `nextBlockSkipSummary()`): the cursor then sits
    /// on that block's last document with no block loaded, so only `nextBlock()` (which loads the one
    /// after) or another skip may follow.
    public mutating func skipNextBlock() throws {
        let k = block + 1
        guard doc != Self.exhausted, k < skipCount else {
            _ = try nextBlock()
            return
        }
        let last = try lastDoc(ofBlock: k)
        guard last >= 0, Int(last) < maxDoc else { throw corrupt("skip entry \(k) names document \(last) outside the segment") }
        block = k
        countInBlock = 0
        indexInBlock = 0
        blockLastDoc = last
        current = last
        decodedPositionsFor = -1
    }

    @inlinable @inline(__always)
    public func blockDocument(_ index: Int) -> Int32 { Int32(bitPattern: buffers.docs[index]) }

    /// The last document of the loaded block (-1 before the first block is loaded).
    public var blockLastDocument: Int32 { blockLastDoc }

    @inlinable @inline(__always)
    public func blockFrequencies(_ index: Int) -> (Int, Int, Int) {
        buffers.ensureFrequencies()
        return (Int(buffers.freqs0[index]), Int(buffers.freqs1[index]), Int(buffers.freqs2[index]))
    }

    /// The current block's per-field largest frequency and smallest field length (from the skip table;
    /// nil for postings short enough to have none). A saturated frequency (65535) reports no maximum.
    public func skipBounds() -> (maxFrequency: (Int, Int, Int)?, minLength: (Int, Int, Int))? {
        guard let bounds = blockSkipBounds() else { return nil }
        return (bounds.maxFrequency, bounds.minLength)
    }

    /// `skipBounds()` and the block's largest pseudo-frequency under the segment's
    /// `BlockScoreParameters` (nil when not a finite non-negative number: then unknown).
    public func blockSkipBounds() -> (maxFrequency: (Int, Int, Int)?, minLength: (Int, Int, Int), maxPseudoFrequency: Double?)? {
        skipBounds(ofBlock: block)
    }

    /// The skip-table bounds of block `k` (see `blockSkipBounds()`), nil without a skip table or entry.
    private func skipBounds(ofBlock k: Int) -> (maxFrequency: (Int, Int, Int)?, minLength: (Int, Int, Int), maxPseudoFrequency: Double?)? {
        guard skipCount > 0, let bounds = skips.bounds(k) else { return nil }
        let maxFrequency = (Int(bounds.maxFrequency.0), Int(bounds.maxFrequency.1), Int(bounds.maxFrequency.2))
        // A saturated frequency (65535) reports no maximum.
        let saturated = maxFrequency.0 >= 0xFFFF || maxFrequency.1 >= 0xFFFF || maxFrequency.2 >= 0xFFFF
        let pseudo = Double(Float(bitPattern: bounds.pseudoFrequency))
        return (saturated ? nil : maxFrequency, (Int(bounds.minLength.0), Int(bounds.minLength.1), Int(bounds.minLength.2)),
                pseudo.isFinite && pseudo >= 0 ? pseudo : nil)
    }

    /// Term frequency in `field` for the current document.
    @inlinable @inline(__always)
    public func frequency(inField field: Int) -> Int {
        buffers.ensureFrequencies()
        switch field {
        case 0: return Int(buffers.freqs0[indexInBlock])
        case 1: return Int(buffers.freqs1[indexInBlock])
        default: return Int(buffers.freqs2[indexInBlock])
        }
    }

    /// Positions (ascending, field-local) of the term in `field` for the current document. Only that
    /// field is decoded; the positions of earlier documents of the block and earlier fields are skipped
    /// by counting varint end bytes, eight bytes at a time.
    public mutating func positions(inField field: Int) throws -> [Int32] {
        try decodePositions(field: field)
        return buffers.positions[field]
    }

    /// Appends the positions of every field of the current document (field 0's, then 1's, then 2's) to
    /// `output`, without intermediate arrays (for merges).
    mutating func appendAllPositions(to output: inout [UInt32]) throws {
        for f in 0..<IndexField.count {
            try decodePositions(field: f)
            for p in buffers.positions[f] { output.append(UInt32(p)) }
        }
    }

    /// The current document's frequencies (title, summary, body), read without unpacking the block's
    /// frequencies: for loops that visit few documents of each block, such as phrase intersections.
    /// Inlinable: a call across modules would copy the cursor value.
    @inlinable @inline(__always)
    public func currentFrequencies() -> (Int, Int, Int) {
        buffers.frequencies(at: indexInBlock)
    }

    /// Positions of the term in `field` for the current document, decoded straight into `output`
    /// (its capacity is reused; nothing is cached in the cursor). For loops that read positions of many
    /// documents: no per-call array is handed out, so no copy is made when the next one is decoded.
    public mutating func positions(inField field: Int, into output: inout [Int32]) throws {
        guard field >= 0, field < IndexField.count else {
            output.removeAll(keepingCapacity: true)
            return
        }
        try seekCurrentDocumentPositions()
        try decodeField(field, into: &output)
    }

    /// Makes the term's position runs readable: on the first position access of the cursor, reads the
    /// value count at the term's start (terms with a skip table) or sums the frequencies of its only
    /// block. Static, so that a mutating caller copies nothing.
    @inline(__always)
    static func preparePositions(_ cursor: inout SegmentPostings) throws {
        if cursor.buffers.runState.pointee.prepared { return }
        try prepareRuns(&cursor)
    }

    @inline(never)
    static func prepareRuns(_ cursor: inout SegmentPostings) throws {
        let state = cursor.buffers.runState
        let body = cursor.positionsBody
        if cursor.skipCount > 0 {
            var reader = ByteReader(body, file: cursor.positionFileName)
            guard cursor.positionStart >= 0, cursor.positionStart < body.count else {
                throw StorageError.corrupt(file: cursor.positionFileName, reason: "positions start \(cursor.positionStart) beyond the file")
            }
            reader.offset = cursor.positionStart
            // A run of 128 values takes at least a byte (all zero), a varint value a byte.
            let count = try reader.readVInt(max: (body.count - reader.offset) &* BitPacking.blockSize)
            state.pointee.runsStart = reader.offset
            state.pointee.valueCount = count
        } else {
            guard cursor.positionStart >= 0, cursor.positionStart <= body.count else {
                throw StorageError.corrupt(file: cursor.positionFileName, reason: "positions start \(cursor.positionStart) beyond the file")
            }
            // As above, the file bounds the count: a larger sum comes from a damaged frequency, refused
            // here before a reader sizes a buffer by it.
            let count = cursor.buffers.frequencySum(from: 0, to: cursor.countInBlock)
            guard count <= (body.count &- cursor.positionStart) &* BitPacking.blockSize else {
                throw StorageError.corrupt(file: cursor.positionFileName, reason: "frequencies summing to \(count) positions, more than the file holds")
            }
            state.pointee.runsStart = cursor.positionStart
            state.pointee.valueCount = count
        }
        state.pointee.prepared = true
    }

    /// Where `field`'s positions of the current document start (a value index), how many there are and
    /// how many of later fields follow them (after seeking the document's positions).
    @inline(__always)
    private mutating func fieldPositionsStart(_ field: Int) throws -> (at: Int, frequency: Int, laterValues: Int) {
        try seekCurrentDocumentPositions()
        // Locals only below (see `decodeField`); the frequencies are read here rather than through
        // `buffers.frequencies(at:)`, which this module's optimizer leaves as a call. The seek above
        // unpacked the block's frequencies (`positionsOffset`), so they are read from the arrays.
        let buffers = self.buffers, index = indexInBlock
        let tf = (Int(buffers.freqs0[index]), Int(buffers.freqs1[index]), Int(buffers.freqs2[index]))
        let earlierValues = field == 0 ? 0 : field == 1 ? tf.0 : tf.0 &+ tf.1
        let laterValues = field == 0 ? tf.1 &+ tf.2 : field == 1 ? tf.2 : 0
        let frequency = field == 0 ? tf.0 : field == 1 ? tf.1 : tf.2
        return (currentDocumentStart &+ earlierValues, frequency, laterValues)
    }

    /// Writes `p - offset` for the term's positions `p` in `field` of the current document, ascending,
    /// to `starts` (room for `capacity` values); returns how many (at most `capacity`). For phrases: the
    /// rarest word's positions give the candidate starts, with no array in between.
    public mutating func writeStarts(inField field: Int, offset: Int, into starts: UnsafeMutablePointer<Int>, capacity: Int) throws -> Int {
        guard capacity > 0, field >= 0, field < IndexField.count else { return 0 }
        let index = indexInBlock
        let (fieldStart, frequency, laterValues) = try fieldPositionsStart(field)
        var at = fieldStart
        let wanted = min(frequency, capacity)
        let written = try PositionRuns.walk(wanted, from: &at, state: buffers.runState, values: buffers.runValues,
                                            body: positionsBody, file: positionFileName) { i, p in
            starts[i] = Int(p) &- offset
            return true
        }
        if written == frequency && laterValues == 0 {
            positionDoc = index + 1
            positionOffset = at
        }
        return written
    }

    /// One step of merging a word's positions with ascending candidate starts: `start` is the start the
    /// decoded position would complete; the starts below it can no longer be completed and are passed,
    /// one equal to it is kept (moved to `starts[kept]`). Returns false once every start is passed (the
    /// rest of the positions need not be decoded). Static, so calling it from a walk copies no cursor.
    @inline(__always)
    static func retainStep(_ start: Int, _ starts: UnsafeMutablePointer<Int>, count: Int, kept: inout Int, next: inout Int) -> Bool {
        while starts[next] < start {
            next &+= 1
            if next == count { return false }
        }
        if starts[next] == start {
            starts[kept] = start
            kept &+= 1
            next &+= 1
            if next == count { return false }
        }
        return true
    }

    /// Keeps, of the ascending `starts[0..<count]` (moved to the front in order), those `s` at which
    /// the term occurs at position `s + offset` in `field` of the current document; returns how many are
    /// kept. The field's positions are merged with the starts as they are decoded, and decoding stops
    /// past the last start: a common word's positions after a rarer word's last occurrence are never read.
    public mutating func retainStarts(_ starts: UnsafeMutablePointer<Int>, count: Int, offset: Int, inField field: Int) throws -> Int {
        guard count > 0, field >= 0, field < IndexField.count else { return 0 }
        let (fieldStart, frequency, _) = try fieldPositionsStart(field)
        var at = fieldStart
        var kept = 0, next = 0
        _ = try PositionRuns.walk(frequency, from: &at, state: buffers.runState, values: buffers.runValues,
                                  body: positionsBody, file: positionFileName) { _, p in
            Self.retainStep(Int(p) &- offset, starts, count: count, kept: &kept, next: &next)
        }
        return kept
    }

    /// Moves the positions offset to the start of the current document's positions, past those of
    /// the block's earlier documents.
    @inline(__always)
    mutating func seekCurrentDocumentPositions() throws {
        guard decodedPositionsFor != indexInBlock else { return }
        positionOffset = try positionsOffset(skippingAlso: 0)
        positionDoc = indexInBlock
        currentDocumentStart = positionOffset
        decodedFields = 0
        decodedPositionsFor = indexInBlock
    }

    /// The value index `extra` values past the start of the current document's positions, found from
    /// the cursor's place in the block (which is left as it was); prepares the term's runs.
    @inline(__always)
    mutating func positionsOffset(skippingAlso extra: Int) throws -> Int {
        try Self.preparePositions(&self)
        // The first seek in a block unpacks its frequencies (eight values per group, constant shifts);
        // the block's later seeks and frequency reads then read plain arrays. On the Debian log's
        // phrase queries this beat unpacking them at the second seek (answering the first from the
        // packed runs) by 4% (two words) and 2-9% (three words) warm, 5-7% on the slowest queries, and
        // unpacking at the fourth seek was slower still: a phrase's cursors mostly seek several
        // documents of a block, and a single seek already sums three fields' frequencies of the
        // documents before it. Blocks passed over without a seek stay packed.
        buffers.ensureFrequencies()
        if positionDoc > indexInBlock {
            // The place is past the current document: start over at the block's first document.
            positionDoc = 0
            positionOffset = blockPositionStart
        }
        return positionOffset &+ buffers.frequencySum(from: positionDoc, to: indexInBlock) &+ extra
    }

    private mutating func decodePositions(field: Int) throws {
        guard field >= 0, field < IndexField.count else { return }
        try seekCurrentDocumentPositions()
        guard decodedFields & (1 << field) == 0 else { return }
        try decodeField(field, into: &buffers.positions[field])
        decodedFields |= 1 << field
    }

    /// Decodes `field`'s positions of the current document (whose start `seekCurrentDocumentPositions`
    /// found) into `output`, replacing its contents. Every value is checked against the term's count
    /// and every position against `positionLimit`.
    @inline(__always)
    private mutating func decodeField(_ field: Int, into output: inout [Int32]) throws {
        // Only locals, static functions and the buffer class are used here: calling a method of the
        // cursor from this mutating one would copy the whole cursor value for each call.
        let buffers = self.buffers, index = indexInBlock
        let tf = buffers.frequencies(at: index)
        let earlierValues = field == 0 ? 0 : field == 1 ? tf.0 : tf.0 &+ tf.1
        let laterValues = field == 0 ? tf.1 &+ tf.2 : field == 1 ? tf.2 : 0
        let count = field == 0 ? tf.0 : field == 1 ? tf.1 : tf.2
        var at = currentDocumentStart &+ earlierValues
        output.removeAll(keepingCapacity: true)
        if count > 0 {
            // Decoded into the cursor's scratch buffer, then copied at once (appending one by one would
            // check the array's uniqueness and capacity per position).
            guard count <= buffers.runState.pointee.valueCount &- at else {
                throw StorageError.corrupt(file: positionFileName, reason: "frequency \(count) exceeds the term's positions")
            }
            let scratch = buffers.scratch(capacity: count)
            _ = try PositionRuns.walk(count, from: &at, state: buffers.runState, values: buffers.runValues,
                                      body: positionsBody, file: positionFileName) { i, p in
                scratch[i] = p
                return true
            }
            output.append(contentsOf: UnsafeBufferPointer(start: scratch, count: count))
        }
        if laterValues == 0 {
            // The document's positions end here: the next document's start where this field's end.
            positionDoc = index + 1
            positionOffset = at
        }
    }

    /// The byte offsets of the term's position runs (relative to the first) and where its positions end
    /// in the `.pos` body, with its value count (for `IndexChecker`; after a block is loaded).
    mutating func positionLayout() throws -> (runOffsets: [Int], end: Int, valueCount: Int) {
        try Self.preparePositions(&self)
        let state = buffers.runState.pointee
        let layout = try PositionRuns.layout(state: state, body: positionsBody, file: positionFileName)
        return (layout.runOffsets, layout.end, state.valueCount)
    }
}

/// Decoding buffers of one cursor (a class so that copies of the cursor value share no mutable
/// state by accident: each cursor makes its own).
@usableFromInline
final class PostingsBlockBuffer {
    @usableFromInline let docs = UnsafeMutablePointer<UInt32>.allocate(capacity: BitPacking.blockSize)
    /// Per field, the block's unpacked frequencies (zeroed at first: a partial block's unused slots are
    /// summed with the rest by `frequencySum`, masked out, and must hold values).
    @usableFromInline let freqs0 = PostingsBlockBuffer.zeroedBlock()
    @usableFromInline let freqs1 = PostingsBlockBuffer.zeroedBlock()
    @usableFromInline let freqs2 = PostingsBlockBuffer.zeroedBlock()
    /// The unpacking tables, read here rather than through their global (see `UnpackTables`).
    let tables = UnpackTables.shared

    private static func zeroedBlock() -> UnsafeMutablePointer<UInt32> {
        let pointer = UnsafeMutablePointer<UInt32>.allocate(capacity: BitPacking.blockSize)
        pointer.initialize(repeating: 0, count: BitPacking.blockSize)
        return pointer
    }
    /// Once the block's frequencies are unpacked and a seek needed them (`DeferredFrequencies
    /// .hasPositionCounts`): per document the number of its positions (every field's frequency summed,
    /// wrapping: a damaged block's may overflow, and the skip that uses them checks every byte), with
    /// room for `countWindow` values past the block.
    let positionCounts: UnsafeMutablePointer<UInt32> = {
        let pointer = UnsafeMutablePointer<UInt32>.allocate(capacity: BitPacking.blockSize + PostingsBlockBuffer.countWindow)
        pointer.initialize(repeating: 0, count: BitPacking.blockSize + PostingsBlockBuffer.countWindow)
        return pointer
    }()
    /// How many documents' position counts a seek sums without a loop.
    static let countWindow = 8
    var positions: [[Int32]] = [[], [], []]
    /// Room for one field's positions while they are decoded (grown on demand).
    private var scratchStorage = UnsafeMutablePointer<Int32>.allocate(capacity: 64)
    private(set) var scratchCapacity = 64
    /// Where the current full block's packed frequencies are, while they are not yet unpacked (state
    /// behind a pointer, so that reading it costs no exclusivity check).
    @usableFromInline let deferred: UnsafeMutablePointer<DeferredFrequencies> = {
        let pointer = UnsafeMutablePointer<DeferredFrequencies>.allocate(capacity: 1)
        pointer.initialize(to: DeferredFrequencies())
        return pointer
    }()

    /// The term's position runs being read, and the values of the decoded run.
    let runState: UnsafeMutablePointer<PositionRunState> = {
        let pointer = UnsafeMutablePointer<PositionRunState>.allocate(capacity: 1)
        pointer.initialize(to: PositionRunState())
        return pointer
    }()
    let runValues: UnsafeMutablePointer<UInt32> = {
        let pointer = UnsafeMutablePointer<UInt32>.allocate(capacity: BitPacking.blockSize)
        pointer.initialize(repeating: 0, count: BitPacking.blockSize)
        return pointer
    }()

    /// The scratch buffer with room for at least `capacity` positions (its contents are not kept when
    /// it grows).
    @inline(__always)
    func scratch(capacity: Int) -> UnsafeMutablePointer<Int32> {
        if capacity > scratchCapacity {
            scratchStorage.deallocate()
            scratchCapacity = max(capacity, scratchCapacity &* 2)
            scratchStorage = UnsafeMutablePointer<Int32>.allocate(capacity: scratchCapacity)
        }
        return scratchStorage
    }

    deinit {
        scratchStorage.deallocate()
        deferred.deallocate()
        runState.deallocate()
        runValues.deallocate()
        docs.deallocate()
        positionCounts.deallocate()
        freqs0.deallocate()
        freqs1.deallocate()
        freqs2.deallocate()
    }
}

/// The three packed frequency runs of a full block (title, summary, body), already bounds-checked
/// against the file, not yet unpacked into the buffer.
@usableFromInline
struct DeferredFrequencies {
    /// The buffer does not hold the current block's frequencies yet.
    @usableFromInline var isPending = false
    /// The current block is a full, packed block: `runs` and `widths` describe it.
    var isPacked = false
    @usableFromInline var runs: (UnsafeRawPointer?, UnsafeRawPointer?, UnsafeRawPointer?) = (nil, nil, nil)
    @usableFromInline var widths = (0, 0, 0)
    /// `PostingsBlockBuffer.positionCounts` holds the current block's (once its frequencies are unpacked).
    var hasPositionCounts = false
}

/// Random access to the per-field frequencies of one block of postings without unpacking the block: a
/// trivially copyable view of the block's packed runs in the mapped file, of its decoded values, or of
/// one document's frequencies.
///
/// A view of a packed block stays valid while its segment is open; a view of decoded values (the
/// short last block of a term) while its cursor lives, since no block follows the last one.
public struct BlockFrequencyView {
    @usableFromInline let runs: (UnsafeRawPointer?, UnsafeRawPointer?, UnsafeRawPointer?)
    /// Bits per value (0: all zero); -1 when the runs are decoded `UInt32` values; -2 for `single`.
    @usableFromInline let widths: (Int, Int, Int)
    @usableFromInline let single: (Int, Int, Int)

    @usableFromInline
    init(runs: (UnsafeRawPointer?, UnsafeRawPointer?, UnsafeRawPointer?), widths: (Int, Int, Int), single: (Int, Int, Int)) {
        self.runs = runs
        self.widths = widths
        self.single = single
    }

    /// The view of one document's frequencies (for cursors without blocks); any index reads them.
    public init(single frequencies: (Int, Int, Int)) {
        self.init(runs: (nil, nil, nil), widths: (-2, -2, -2), single: frequencies)
    }

    /// The frequencies (title, summary, body) of the block's `index`-th document.
    @inlinable @inline(__always)
    public func frequencies(at index: Int) -> (Int, Int, Int) {
        if widths.0 == -2 { return single }
        return (Self.value(runs.0, widths.0, index), Self.value(runs.1, widths.1, index), Self.value(runs.2, widths.2, index))
    }

    /// Value `index` of a run of `BitPacking.blockSize` values of `width` bits (exactly 16·width bytes,
    /// checked when the block was loaded), or of decoded values.
    @inlinable @inline(__always)
    static func value(_ run: UnsafeRawPointer?, _ width: Int, _ index: Int) -> Int {
        guard let run, width != 0 else { return 0 }
        if width < 0 { return Int(run.load(fromByteOffset: index &* 4, as: UInt32.self)) }
        // One 8-byte load inside the run (at least 16 bytes), as in `BitPacking.unpackUnchecked`.
        let bit = index &* width, start = min(bit &>> 3, 16 &* width &- 8)
        let word = UInt64(littleEndian: run.loadUnaligned(fromByteOffset: start, as: UInt64.self))
        let mask: UInt64 = width >= 32 ? 0xFFFF_FFFF : (UInt64(1) << UInt64(width)) &- 1
        return Int(truncatingIfNeeded: (word &>> UInt64(bit &- start &* 8)) & mask)
    }
}

extension SegmentPostings {
    /// The loaded block's frequencies, readable by index without unpacking them (see
    /// `BlockFrequencyView` for how long the view stays valid).
    public func blockFrequencyView() -> BlockFrequencyView {
        let state = buffers.deferred.pointee
        if state.isPacked { return BlockFrequencyView(runs: state.runs, widths: state.widths, single: (0, 0, 0)) }
        return BlockFrequencyView(runs: (UnsafeRawPointer(buffers.freqs0), UnsafeRawPointer(buffers.freqs1), UnsafeRawPointer(buffers.freqs2)),
                                  widths: (-1, -1, -1), single: (0, 0, 0))
    }
}

extension PostingsBlockBuffer {
    /// Reads the width bytes of a full block's three frequency runs at `reader` and checks that their
    /// packed bytes are there (so unpacking them later cannot fail), leaving `reader` after them.
    @inline(__always)
    func deferFrequencies(_ reader: inout ByteReader) throws {
        func run(_ reader: inout ByteReader) throws -> (UnsafeRawPointer?, Int) {
            let w = Int(try reader.readU8())
            guard w <= 32 else { throw reader.corrupt("bit width \(w) exceeds 32") }
            guard w > 0 else { return (nil, 0) }
            return (try reader.readBytes(BitPacking.byteCount(width: w)).baseAddress, w)
        }
        let (r0, w0) = try run(&reader), (r1, w1) = try run(&reader), (r2, w2) = try run(&reader)
        deferred.pointee = DeferredFrequencies(isPending: true, isPacked: true, runs: (r0, r1, r2), widths: (w0, w1, w2))
    }

    /// Frequencies (title, summary, body) of document `index` of the current block, from the packed
    /// runs while the frequencies are not unpacked.
    @inlinable @inline(__always)
    func frequencies(at index: Int) -> (Int, Int, Int) {
        let state = deferred
        if state.pointee.isPending {
            let runs = state.pointee.runs, widths = state.pointee.widths
            return (BlockFrequencyView.value(runs.0, widths.0, index), BlockFrequencyView.value(runs.1, widths.1, index),
                    BlockFrequencyView.value(runs.2, widths.2, index))
        }
        return (Int(freqs0[index]), Int(freqs1[index]), Int(freqs2[index]))
    }

    /// The sum of every field's frequencies over documents `start..<end` of the current block (the
    /// number of positions they hold), from the packed runs while the frequencies are not unpacked.
    @inline(__always)
    func frequencySum(from start: Int, to end: Int) -> Int {
        guard start < end else { return 0 }
        if deferred.pointee.isPending {
            let state = deferred.pointee
            return BitPacking.sum(state.runs.0, width: state.widths.0, from: start, to: end)
                &+ BitPacking.sum(state.runs.1, width: state.widths.1, from: start, to: end)
                &+ BitPacking.sum(state.runs.2, width: state.widths.2, from: start, to: end)
        }
        if !deferred.pointee.hasPositionCounts {
            // Summed once per block, when a seek first needs them (blocks unpacked for scoring never do).
            for i in 0..<BitPacking.blockSize { positionCounts[i] = freqs0[i] &+ freqs1[i] &+ freqs2[i] }
            deferred.pointee.hasPositionCounts = true
        }
        let n = end &- start, counts = positionCounts + start
        if n <= Self.countWindow {
            // A fixed window with the documents past `end` masked out: no loop whose length varies from
            // seek to seek (its exit would be mispredicted).
            var total = 0
            for k in 0..<Self.countWindow { total &+= Int(counts[k]) & (k < n ? -1 : 0) }
            return total
        }
        var total = 0
        for k in 0..<n { total &+= Int(counts[k]) }
        return total
    }

    /// Unpacks the current block's frequencies if they are still packed.
    @inlinable @inline(__always)
    func ensureFrequencies() {
        if deferred.pointee.isPending { unpackDeferredFrequencies() }
    }

    @usableFromInline @inline(never)
    func unpackDeferredFrequencies() {
        let state = deferred.pointee, tables = self.tables
        deferred.pointee.isPending = false
        func unpack(_ run: UnsafeRawPointer?, _ width: Int, into output: UnsafeMutablePointer<UInt32>) {
            guard let run, width > 0 else {
                output.update(repeating: 0, count: BitPacking.blockSize)
                return
            }
            BitPacking.unpackUnchecked(UnsafeRawBufferPointer(start: run, count: BitPacking.byteCount(width: width)),
                                       width: width, tables: tables, into: output)
        }
        unpack(state.runs.0, state.widths.0, into: freqs0)
        unpack(state.runs.1, state.widths.1, into: freqs1)
        unpack(state.runs.2, state.widths.2, into: freqs2)
    }
}
