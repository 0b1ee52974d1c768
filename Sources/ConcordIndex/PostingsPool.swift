/// The in-memory postings of every term of a segment being built, in one shared pool of 1 MiB blocks
/// instead of a growing array per term: each term's bytes live in a chain of slices that grow with it
/// (32, 64, 128, … 4,096 bytes; each slice ends in the address of the next). Appending a byte is a compare
/// and a store through the term's own write pointer — no per-term array to check for uniqueness and
/// capacity, no reallocation and copy as a term's postings grow, and far fewer allocations in all.
///
/// A term's bytes are read back in order by `copyBytes(of:into:)`. The pool owns its blocks and frees
/// them when it goes; a `Cursor` is valid only while its pool lives.
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
}
