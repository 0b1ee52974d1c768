import ConcordStorage

/// The 16-byte trailer that ends the body of the term dictionary and the stored-fields file:
///
///     Trailer := first:u32 | second:u32 | indexOffset:u64
///
/// where an index of `entryCount` fixed-size entries runs from `indexOffset` to the trailer.
struct IndexTrailer {
    let first: Int
    let second: Int
    let indexOffset: Int

    /// Reads the trailer of `file`, checking that an index of `entrySize`-byte entries, counted by
    /// `entryCount(first, second)`, exactly fills the space between `indexOffset` and the trailer.
    init(_ file: FramedFile, entrySize: Int, entryCount: (Int, Int) -> Int) throws {
        var reader = file.reader()
        guard file.body.count >= 16 else { throw reader.corrupt("trailer missing") }
        reader.offset = file.body.count - 16
        first = Int(try reader.readU32())
        second = Int(try reader.readU32())
        let offset = try reader.readU64()
        let indexEnd = UInt64(file.body.count - 16)
        guard offset <= indexEnd, UInt64(entryCount(first, second)) * UInt64(entrySize) == indexEnd - offset else {
            throw reader.corrupt("trailer is inconsistent with the index it describes")
        }
        indexOffset = Int(offset)
    }
}
