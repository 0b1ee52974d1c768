import ConcordStorage

/// One keyword (metadata) field of one segment, read from its column file: a dictionary of the distinct
/// values in UTF-8 byte order, and for each document the ordinal of its value in that dictionary.
///
/// Ordinals are `0..<valueCount` and follow the byte order of the values, so a filter resolves its value
/// to an ordinal once per segment (`ordinal(of:)`) and then compares integers per document, and facet
/// counts can be kept per ordinal and named at the end. Ordinals are local to the segment.
/// Every access is O(1) except `ordinal(of:)` (a binary search). The layout was checked when the
/// segment was opened, so no access can read outside the file; values are range-checked as they are
/// read (an ordinal beyond the dictionary reads as no value, offsets out of order as an empty value),
/// and `SegmentColumns.validateValues` (full verification) reports such damage.
public struct KeywordColumn {
    /// The field's name, e.g. "collection".
    public let field: String
    /// Distinct values among the segment's documents (deleted ones included).
    public let valueCount: Int
    private let body: UnsafeRawBufferPointer
    private let offsetsStart: Int
    private let bytesStart: Int
    private let byteCount: Int
    private let ordinalsStart: Int
    private let width: Int
    private let owner: AnyObject

    init(field: String, valueCount: Int, body: UnsafeRawBufferPointer, offsetsStart: Int, bytesStart: Int,
         byteCount: Int, ordinalsStart: Int, width: Int, owner: AnyObject) {
        self.byteCount = byteCount
        self.field = field
        self.valueCount = valueCount
        self.body = body
        self.offsetsStart = offsetsStart
        self.bytesStart = bytesStart
        self.ordinalsStart = ordinalsStart
        self.width = width
        self.owner = owner
    }

    /// The stored (1-based, 0 = none) ordinal of `doc`, unchecked; `doc` must be in `0..<maxDoc`.
    @inline(__always)
    func storedOrdinal(_ doc: Int) -> Int {
        switch width {
        case 1: return Int(body[ordinalsStart + doc])
        case 2: return Int(UInt16(littleEndian: body.loadUnaligned(fromByteOffset: ordinalsStart + 2 * doc, as: UInt16.self)))
        default: return Int(UInt32(littleEndian: body.loadUnaligned(fromByteOffset: ordinalsStart + 4 * doc, as: UInt32.self)))
        }
    }

    /// The ordinal of `doc`'s value, nil when it has none. `doc` must be in `0..<maxDoc`.
    @inline(__always)
    public func ordinal(_ doc: Int) -> Int? {
        let stored = storedOrdinal(doc)
        return stored == 0 || stored > valueCount ? nil : stored - 1
    }

    /// The UTF-8 bytes of the value with ordinal `ordinal` (`0..<valueCount`).
    func valueBytes(_ ordinal: Int) -> UnsafeRawBufferPointer {
        precondition(ordinal >= 0 && ordinal < valueCount, "ordinal out of range")
        let from = offset(ordinal), to = offset(ordinal + 1)
        guard from <= to, to <= byteCount else { return UnsafeRawBufferPointer(rebasing: body[bytesStart..<bytesStart]) }
        return UnsafeRawBufferPointer(rebasing: body[(bytesStart + from)..<(bytesStart + to)])
    }

    /// What is wrong with the value offsets (the first must be 0, each at most the next, the last the
    /// byte count), nil when nothing is.
    func offsetProblem() -> String? {
        var previous = 0
        for k in 0...valueCount {
            let current = offset(k)
            guard current >= previous, k > 0 || current == 0 else { return "value offsets of field \(field) out of order" }
            previous = current
        }
        return previous == byteCount ? nil : "value offsets of field \(field) do not end where its values end"
    }

    private func offset(_ k: Int) -> Int {
        Int(UInt32(littleEndian: body.loadUnaligned(fromByteOffset: offsetsStart + 4 * k, as: UInt32.self)))
    }

    /// The value with ordinal `ordinal`, which must be in `0..<valueCount`.
    public func value(ordinal: Int) -> String {
        String(decoding: valueBytes(ordinal), as: UTF8.self)
    }

    /// `doc`'s value, nil when it has none.
    public func value(_ doc: Int) -> String? {
        ordinal(doc).map { value(ordinal: $0) }
    }

    /// The ordinal of `value` (exact, byte for byte), nil when no document of the segment has it.
    public func ordinal(of value: String) -> Int? {
        var key = value
        return key.withUTF8 { wanted -> Int? in
            var low = 0, high = valueCount
            while low < high {
                let mid = (low + high) / 2
                let candidate = valueBytes(mid)
                if candidate.elementsEqual(UnsafeRawBufferPointer(wanted)) { return mid }
                if candidate.lexicographicallyPrecedes(UnsafeRawBufferPointer(wanted)) { low = mid + 1 } else { high = mid }
            }
            return nil
        }
    }

    /// The ordinals whose values start with `prefix` (a contiguous range, since values are sorted).
    public func ordinals(withPrefix prefix: String) -> Range<Int> {
        let bytes = Array(prefix.utf8)
        var low = 0, high = valueCount
        while low < high {
            let mid = (low + high) / 2
            if valueBytes(mid).lexicographicallyPrecedes(bytes) { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < valueCount, valueBytes(end).starts(with: bytes) { end += 1 }
        return low..<end
    }
}
