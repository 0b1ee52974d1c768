/// The in-memory postings of every term of a segment being built, in one shared pool of 1 MiB blocks
/// instead of a growing array per term: each term's bytes live in a chain of slices that grow with it
/// (32, 64, 128, … 4,096 bytes; each slice ends in the address of the next). Appending a byte is a compare
/// and a store through the term's own write pointer — no per-term array to check for uniqueness and
/// capacity, no reallocation and copy as a term's postings grow, and far fewer allocations in all.
///
/// A term's bytes are read back in order by `copyBytes(of:into:)`, or in place, slice by slice, by a
/// `Reader`. The pool owns its blocks and frees them when it goes; a `Cursor` or `Reader` is valid only
/// while its pool lives.
final class PostingsPool {
    /// Where one term's bytes are: its first slice, the next byte to write, and where the current slice's
    /// data ends (its link follows).
    struct Cursor {
        fileprivate var head: UnsafeMutablePointer<UInt8>?
        fileprivate var tail: UnsafeMutablePointer<UInt8>?
        fileprivate var end: UnsafeMutablePointer<UInt8>?
        fileprivate var level: Int32 = -1
    }

    static let blockSize = 1 << 20
    static let sliceSizes = [32, 64, 128, 256, 512, 1024, 2048, 4096]
    static let linkSize = MemoryLayout<UInt>.size

    private var blocks: [UnsafeMutablePointer<UInt8>] = []
    private var free: UnsafeMutablePointer<UInt8>?
    private var freeEnd: UnsafeMutablePointer<UInt8>?

    deinit { for block in blocks { block.deallocate() } }

    /// Bytes allocated (for memory accounting).
    var byteCount: Int { blocks.count * Self.blockSize }

    @inline(__always)
    func writeByte(_ byte: UInt8, to cursor: inout Cursor) {
        if cursor.tail == cursor.end { newSlice(&cursor) }
        cursor.tail!.pointee = byte
        cursor.tail! += 1
    }

    @inline(__always)
    func writeVInt(_ value: UInt64, to cursor: inout Cursor) {
        var v = value
        while v >= 0x80 {
            writeByte(UInt8(truncatingIfNeeded: v) | 0x80, to: &cursor)
            v >>= 7
        }
        writeByte(UInt8(v), to: &cursor)
    }

    /// Starts the term's next slice (its first when it has none), linking it from the full one.
    private func newSlice(_ cursor: inout Cursor) {
        let level = min(Int(cursor.level) + 1, Self.sliceSizes.count - 1)
        let size = Self.sliceSizes[level]
        if free == nil || freeEnd! - free! < size {
            let block = UnsafeMutablePointer<UInt8>.allocate(capacity: Self.blockSize)
            blocks.append(block)
            free = block
            freeEnd = block + Self.blockSize
        }
        let slice = free!
        free! += size
        if let end = cursor.end {
            UnsafeMutableRawPointer(end).storeBytes(of: UInt(bitPattern: slice), as: UInt.self)
        } else {
            cursor.head = slice
        }
        cursor.tail = slice
        cursor.end = slice + size - Self.linkSize
        cursor.level = Int32(level)
    }

    /// Replaces `out`'s contents with the term's bytes, in the order written.
    func copyBytes(of cursor: Cursor, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        guard var slice = cursor.head, let tail = cursor.tail else { return }
        var level = 0
        while true {
            let dataEnd = slice + Self.sliceSizes[level] - Self.linkSize
            if dataEnd == cursor.end {
                out.append(contentsOf: UnsafeBufferPointer(start: slice, count: tail - slice))
                return
            }
            out.append(contentsOf: UnsafeBufferPointer(start: slice, count: dataEnd - slice))
            let next = UnsafeRawPointer(dataEnd).loadUnaligned(as: UInt.self)
            guard let pointer = UnsafeMutablePointer<UInt8>(bitPattern: next) else { return }
            slice = pointer
            level = min(level + 1, Self.sliceSizes.count - 1)
        }
    }

    /// Reads one term's bytes in the order written, in place: a slice at a time, following each slice's
    /// link to the next, without copying them into one array first.
    struct Reader {
        /// The next byte, and where the current slice's bytes end (the term's last byte + 1 in its
        /// last slice).
        private var at: UnsafePointer<UInt8>?
        private var end: UnsafePointer<UInt8>?
        private var level = 0
        /// The data end of the term's last slice (its `Cursor.end`), and the term's last byte + 1.
        private let lastEnd: UnsafePointer<UInt8>?
        private let tail: UnsafePointer<UInt8>?

        init(_ cursor: Cursor) {
            lastEnd = cursor.end.map { UnsafePointer($0) }
            tail = cursor.tail.map { UnsafePointer($0) }
            at = cursor.head.map { UnsafePointer($0) }
            end = at.map { Self.dataEnd(of: $0, level: 0, lastEnd: lastEnd, tail: tail) }
        }

        /// Where the bytes of the slice at `slice` (of size level `level`) end.
        @inline(__always)
        private static func dataEnd(of slice: UnsafePointer<UInt8>, level: Int, lastEnd: UnsafePointer<UInt8>?,
                                    tail: UnsafePointer<UInt8>?) -> UnsafePointer<UInt8> {
            let dataEnd = slice + PostingsPool.sliceSizes[level] - PostingsPool.linkSize
            return dataEnd == lastEnd ? tail! : dataEnd
        }

        /// Whether every byte of the term has been read.
        var isAtEnd: Bool { at == tail }

        /// Bytes left in the current slice.
        @inline(__always)
        var contiguousCount: Int {
            guard let at, let end else { return 0 }
            return end - at
        }

        /// Moves to the next slice once the current one is read (there must be one).
        @inline(__always)
        private mutating func nextSliceIfNeeded() {
            guard at == end else { return }
            precondition(end != tail, "read past the end of a term's in-memory bytes")
            let link = UnsafeRawPointer(end!).loadUnaligned(as: UInt.self)
            guard let slice = UnsafePointer<UInt8>(bitPattern: link) else { preconditionFailure("a full slice without a link") }
            level = min(level + 1, PostingsPool.sliceSizes.count - 1)
            at = slice
            end = Self.dataEnd(of: slice, level: level, lastEnd: lastEnd, tail: tail)
        }

        @inline(__always)
        mutating func readByte() -> UInt8 {
            nextSliceIfNeeded()
            let byte = at!.pointee
            at! += 1
            return byte
        }

        /// One variable-length number (7 bits a byte, low first), as `writeVInt` wrote it.
        @inline(__always)
        mutating func readVInt() -> UInt64 {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let byte = readByte()
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
        }

        /// Hands `body` the bytes of the next `count` variable-length numbers, in place when they lie in one
        /// slice, else gathered into `scratch`, and moves past them.
        @inline(__always)
        mutating func withNextVInts<R>(_ count: Int, scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
            if count > 0 { nextSliceIfNeeded() }
            guard let start = at else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
            // In place: count the numbers' last bytes (below 0x80) up to the slice's end.
            var left = count
            var p = start
            let end = self.end!
            while left > 0 && p < end {
                if p.pointee < 0x80 { left -= 1 }
                p += 1
            }
            if left == 0 {
                at = p
                return body(UnsafeBufferPointer(start: start, count: p - start))
            }
            // Across slices: gathered byte by byte from where the slice ends.
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: UnsafeBufferPointer(start: start, count: p - start))
            at = p
            while left > 0 {
                let byte = readByte()
                scratch.append(byte)
                if byte < 0x80 { left -= 1 }
            }
            return scratch.withUnsafeBufferPointer(body)
        }
    }
}
