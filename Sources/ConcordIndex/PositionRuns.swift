import ConcordStorage

/// One term's positions in the `.pos` body (index format 7): every position value of the term — per
/// document, per field with a non-zero frequency, the first position, then deltas — in one stream,
/// cut into runs of `BitPacking.blockSize` values, each packed with exceptions (`BitPacking
/// .packPatched`), and the last `valueCount mod 128` values as VInts. Terms with a skip table (128
/// documents or more) start with `valueCount` as a VInt; for the others it is the sum of their
/// frequencies. Run r holds values `128·r ..< 128·(r + 1)`; a skip entry gives the byte offset of the
/// run holding its block's first value (relative to the first run) and that value's index, so a reader
/// starts at any block without reading the runs before it (see FORMAT.md).
enum PositionRuns {
    /// Bytes a patched run must save over the plain one to be written. Position deltas have heavier
    /// tails than document gaps (the first position of a long field): on the Debian corpus `.pos` took
    /// 4.01 MB without exceptions, 3.95 with a 64-byte threshold (that of `.doc`), 3.67 with 16, 3.57
    /// with 8 and 3.55 with any saving, and warm phrase queries took the same time with each.
    static let minimumPatchSaving = 8

    /// The high parts of a plain run read in place: a run's worth of zeros, never written.
    nonisolated(unsafe) static let noHighs: UnsafePointer<UInt32> = {
        let zeros = UnsafeMutablePointer<UInt32>.allocate(capacity: BitPacking.blockSize)
        zeros.initialize(repeating: 0, count: BitPacking.blockSize)
        return UnsafePointer(zeros)
    }()
}

/// Collects one term's position values and writes them as `PositionRuns` lay them out.
struct PositionRunWriter {
    /// The values of the run being filled (behind a class reference: storing one is a plain store, with
    /// no uniqueness check of an array per position).
    private let pending = PendingRun()
    private var pendingCount = 0
    /// The packed runs written so far.
    private(set) var runs = ByteWriter(capacity: 1 << 12)
    /// Values of the term so far.
    private(set) var valueCount = 0

    /// Where the next value goes: the byte offset of its run (relative to the first run) and its
    /// index among the term's values.
    var nextValuePlace: (runOffset: Int, valueIndex: Int) { (runs.count, valueCount) }

    @inline(__always)
    mutating func append(_ value: UInt32) {
        pending.values[pendingCount] = value
        pendingCount &+= 1
        valueCount &+= 1
        if pendingCount == BitPacking.blockSize {
            BitPacking.packPatched(UnsafeBufferPointer(start: pending.values, count: BitPacking.blockSize),
                                   minimumSaving: PositionRuns.minimumPatchSaving, into: &runs)
            pendingCount = 0
        }
    }

    /// Writes the term's positions to `out` (the count first when `withCount`) and starts the next term.
    mutating func finish(withCount: Bool, into out: inout ByteWriter) {
        if withCount { out.writeVInt(UInt64(valueCount)) }
        out.writeBytes(runs.bytes)
        for i in 0..<pendingCount { out.writeVInt(UInt64(pending.values[i])) }
        runs.removeAll()
        pendingCount = 0
        valueCount = 0
    }

    /// Bytes `finish` will write.
    func byteCount(withCount: Bool) -> Int {
        var total = runs.count
        if withCount { total += Self.varintLength(UInt64(valueCount)) }
        for i in 0..<pendingCount { total += Self.varintLength(UInt64(pending.values[i])) }
        return total
    }

    private static func varintLength(_ value: UInt64) -> Int { max(1, (64 - value.leadingZeroBitCount + 6) / 7) }
}

/// Room for one run of values while a `PositionRunWriter` fills it.
final class PendingRun {
    let values = UnsafeMutablePointer<UInt32>.allocate(capacity: BitPacking.blockSize)
    deinit { values.deallocate() }
}

/// A cursor's reading state of one term's position runs (behind a pointer in `PostingsBlockBuffer`,
/// so that reading it costs no exclusivity check): where the runs start, how many values there are,
/// which run is decoded in `values`, and a run whose start is known (to walk on from).
struct PositionRunState {
    /// `runsStart` and `valueCount` are known (read on the first position access of the cursor).
    var prepared = false
    /// Where the first run starts in the `.pos` body.
    var runsStart = 0
    var valueCount = 0
    /// The run decoded in the buffer (-1 none).
    var decodedRun = -1
    /// Run `walkRun` starts `walkOffset` bytes after `runsStart`.
    var walkRun = 0
    var walkOffset = 0
    /// The loaded block's first run and its offset (where a walk restarts).
    var seedRun = 0
    var seedOffset = 0
    /// How the decoded run's values are read: a plain run in place in the file (its width, at least 1),
    /// or the values in the cursor's buffer (width -1: a run of zeros, a patched run of width 0, or the
    /// last values); a patched run of another width is read in place too (see `highs`).
    var base: UnsafeRawPointer?
    var width = 0
    /// Every value of the decoded run is below 2^bits.
    var bits = 0
    /// For a run read in place: the mask of `width` bits and the last offset an 8-byte load may start
    /// at.
    var mask: UInt64 = 0
    var lastWord = 0
    /// For a run read in place, each value's high part, shifted past the packed bits, to be or-ed with
    /// them: the cursor's buffer for a patched run (0 for most values), `noHighs` for a plain one.
    var highs: UnsafePointer<UInt32> = PositionRuns.noHighs
}

extension PositionRuns {
    /// Makes the run `run` of the term readable (a no-op when it is already): in place for a full run
    /// (its exceptions' high parts, if any, laid out in `values`), else decoded into `values`; walking
    /// from the closest known run start at or after the block's first. Damage (a run beyond the term's
    /// values or the file, bad widths or exceptions, a bad varint) throws naming `file`.
    @inline(__always)
    static func load(_ run: Int, state: UnsafeMutablePointer<PositionRunState>, values: UnsafeMutablePointer<UInt32>,
                     body: UnsafeRawBufferPointer, file: String) throws {
        if state.pointee.decodedRun == run { return }
        try decode(run, state: state, values: values, body: body, file: file)
    }

    @inline(never)
    static func decode(_ run: Int, state: UnsafeMutablePointer<PositionRunState>, values: UnsafeMutablePointer<UInt32>,
                       body: UnsafeRawBufferPointer, file: String) throws {
        // Whatever happens below, the buffer no longer holds the run it held.
        state.pointee.decodedRun = -1
        var s = state.pointee
        let fullRuns = s.valueCount >> 7
        guard run >= s.seedRun, run <= fullRuns, run < fullRuns || s.valueCount & 127 != 0 else {
            throw StorageError.corrupt(file: file, reason: "position run \(run) beyond the term's \(s.valueCount) values")
        }
        if s.walkRun > run || s.walkRun < s.seedRun {
            s.walkRun = s.seedRun
            s.walkOffset = s.seedOffset
        }
        var reader = ByteReader(body, file: file)
        guard s.walkOffset >= 0, s.walkOffset <= body.count &- s.runsStart else {
            throw StorageError.corrupt(file: file, reason: "position run offset \(s.walkOffset) beyond the file")
        }
        reader.offset = s.runsStart &+ s.walkOffset
        while s.walkRun < run {
            try BitPacking.skipPatched(&reader)
            s.walkRun &+= 1
        }
        s.walkOffset = reader.offset &- s.runsStart
        var plain = false
        s.highs = Self.noHighs
        if run < fullRuns {
            var peek = reader
            let head = try peek.readU8()
            if head & BitPacking.exceptionFlag != 0 && head & ~BitPacking.exceptionFlag != 0 {
                // A patched run is read in place too, its exceptions' high parts laid out in the buffer:
                // a visit reads a document's few values, and unpacking all 128 cost more than that
                // (phrases of a common word, whose runs each span a few documents).
                let (packed, w) = try BitPacking.readPatchedInPlace(&reader, highs: values)
                (s.base, s.width, s.bits) = (packed, w, 32)
                s.mask = w >= 32 ? 0xFFFF_FFFF : (UInt64(1) &<< UInt64(w)) &- 1
                s.lastWord = BitPacking.byteCount(width: w) &- 8
                s.highs = UnsafePointer(values)
                plain = true
            } else if head & BitPacking.exceptionFlag == 0 {
                // A plain run is read in place: no unpacking for the few values a visit may need.
                let w = Int(head)
                guard w <= 32 else { throw peek.corrupt("bit width \(w) exceeds 32") }
                let packed = try peek.readBytes(BitPacking.byteCount(width: w))
                if w == 0 {
                    // All zero (first positions of fields, each 0): read from the buffer, as the last
                    // values are (no third way of reading packed values for them).
                    values.update(repeating: 0, count: BitPacking.blockSize)
                    (s.base, s.width, s.bits) = (UnsafeRawPointer(values), -1, 0)
                } else {
                    (s.base, s.width, s.bits) = (packed.baseAddress, w, w)
                    s.mask = w >= 32 ? 0xFFFF_FFFF : (UInt64(1) &<< UInt64(w)) &- 1
                    s.lastWord = BitPacking.byteCount(width: w) &- 8
                }
                reader = peek
                plain = true
            }
        }
        if !plain {
            // A patched run's values may take 32 bits; the last values are below the position limit.
            var all: UInt32 = UInt32.max
            if run < fullRuns {
                try BitPacking.unpackPatched(&reader, into: values)
            } else {
                all = try decodeLastValues(s.valueCount & 127, &reader, into: values, file: file)
            }
            (s.base, s.width, s.bits) = (UnsafeRawPointer(values), -1, 32 &- all.leadingZeroBitCount)
        }
        // The next run starts where this one ends.
        s.walkRun = run &+ 1
        s.walkOffset = reader.offset &- s.runsStart
        s.decodedRun = run
        state.pointee = s
    }

    /// Decodes the term's last `count` values (VInts, each below the position limit) at `reader` into
    /// `values`; returns their bitwise or. While five bytes per value lie ahead, bytes are read without a
    /// bounds check each (a value of more than five bytes is damage either way).
    @inline(__always)
    private static func decodeLastValues(_ count: Int, _ reader: inout ByteReader, into values: UnsafeMutablePointer<UInt32>,
                                         file: String) throws -> UInt32 {
        var all: UInt32 = 0
        if count &* 5 <= reader.remaining, let bytes = reader.bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) {
            var at = reader.offset
            for i in 0..<count {
                var byte = bytes[at]
                at &+= 1
                var value = UInt32(byte & 0x7F)
                var shift: UInt32 = 7
                while byte >= 0x80 && shift < 35 {
                    byte = bytes[at]
                    at &+= 1
                    value |= UInt32(truncatingIfNeeded: UInt64(byte & 0x7F) &<< UInt64(shift))
                    shift &+= 7
                }
                // At most four bytes hold a value below 2^28 fully; a fifth may hold bits up to 2^35.
                guard byte < 0x80, shift <= 28 || (shift == 35 && byte < 0x04) else {
                    throw StorageError.corrupt(file: file, reason: "bad position varint (at byte \(at))")
                }
                guard UInt64(value) < SegmentPostings.positionLimit else {
                    throw StorageError.corrupt(file: file, reason: "position out of range (at byte \(at))")
                }
                values[i] = value
                all |= value
            }
            reader.offset = at
            return all
        }
        for i in 0..<count {
            let value = try reader.readVInt()
            guard value < SegmentPostings.positionLimit else {
                throw StorageError.corrupt(file: file, reason: "position out of range (at byte \(reader.offset))")
            }
            values[i] = UInt32(truncatingIfNeeded: value)
            all |= values[i]
        }
        return all
    }

    /// Decodes `count` positions of one field starting at value `at` (the field's first position, then
    /// deltas), handing each (with its index) to `visit` until it answers false; returns how many were
    /// decoded, with `at` moved past them. Values beyond the term's count, and positions from
    /// `SegmentPostings.positionLimit` on, throw.
    @inline(__always)
    static func walk(_ count: Int, from at: inout Int, state: UnsafeMutablePointer<PositionRunState>,
                     values: UnsafeMutablePointer<UInt32>, body: UnsafeRawBufferPointer, file: String,
                     _ visit: (Int, Int32) -> Bool) throws -> Int {
        guard count > 0 else { return 0 }
        guard at >= 0, count <= state.pointee.valueCount &- at else {
            throw StorageError.corrupt(file: file, reason: "positions beyond the term's \(state.pointee.valueCount) values")
        }
        let limit = SegmentPostings.positionLimit
        var p: UInt64 = 0
        var n = 0
        while n < count {
            try load(at &>> 7, state: state, values: values, body: body, file: file)
            let first = at & 127
            let take = min(count &- n, BitPacking.blockSize &- first)
            let base = state.pointee.base, width = state.pointee.width
            // When the run's values cannot take the sum to the limit, no position is checked one by one.
            let checked = p &+ (UInt64(take) &<< UInt64(state.pointee.bits)) >= limit
            let finished: Bool
            if width > 0, let base {
                // A run in place: value i is read with one 8-byte load (see `BlockFrequencyView.value`).
                let mask = state.pointee.mask, lastWord = state.pointee.lastWord
                // The packed bits or-ed with the value's high part (all zero for a plain run): one way
                // of reading both kinds, so that the walk stays small enough to be inlined.
                let highs = state.pointee.highs
                finished = try chunk(take, from: first, p: &p, n: &n, at: &at, checked: checked, file: file, visit) { i in
                    let bit = i &* width, start = min(bit &>> 3, lastWord)
                    let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
                    return (word &>> UInt64(bit &- start &* 8)) & mask | UInt64(highs[i])
                }
            } else {
                finished = try chunk(take, from: first, p: &p, n: &n, at: &at, checked: checked, file: file, visit) { i in
                    UInt64(values[i])
                }
            }
            if !finished { return n }
        }
        return n
    }

    /// Values `first ..< first + take` of the decoded run (`value(i)`), summed onto `p` and handed to
    /// `visit` as `walk` does; false when `visit` stopped the walk (`at` and `n` then count the values
    /// read).
    @inline(__always)
    private static func chunk(_ take: Int, from first: Int, p: inout UInt64, n: inout Int, at: inout Int, checked: Bool,
                              file: String, _ visit: (Int, Int32) -> Bool, _ value: (Int) -> UInt64) throws -> Bool {
        for t in 0..<take {
            p &+= value(first &+ t)
            if checked && p >= SegmentPostings.positionLimit {
                throw StorageError.corrupt(file: file, reason: "position out of range (value \(at &+ t))")
            }
            let index = n
            n &+= 1
            if !visit(index, Int32(truncatingIfNeeded: p)) {
                at &+= t &+ 1
                return false
            }
        }
        at &+= take
        return true
    }

    /// The byte offsets (relative to the first run) of every run of the term and where its positions
    /// end, walking them all (for `IndexChecker`).
    static func layout(state: PositionRunState, body: UnsafeRawBufferPointer, file: String) throws -> (runOffsets: [Int], end: Int) {
        var reader = ByteReader(body, file: file)
        guard state.runsStart >= 0, state.runsStart <= body.count else {
            throw StorageError.corrupt(file: file, reason: "positions start beyond the file")
        }
        reader.offset = state.runsStart
        var offsets: [Int] = []
        for _ in 0..<(state.valueCount >> 7) {
            offsets.append(reader.offset - state.runsStart)
            try BitPacking.skipPatched(&reader)
        }
        offsets.append(reader.offset - state.runsStart)
        for _ in 0..<(state.valueCount & 127) { _ = try reader.readVInt() }
        return (offsets, reader.offset)
    }
}
