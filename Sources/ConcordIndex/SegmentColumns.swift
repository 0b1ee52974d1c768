import ConcordStorage

/// The column file of a segment (`.col`): per document, the date as a day interval and each keyword
/// field's value as an ordinal into a per-segment dictionary.
///
///     Body    := maxDoc:u32 | fieldCount:u32 | dated:u8 | (firstDay:i32 | lastDay:i32) × maxDoc (when dated = 1)
///                | Field × fieldCount
///     Field   := name:String | valueCount:u32 | ordinalWidth:u8 | valueOffset:u32 × (valueCount + 1)
///                | valueBytes | ordinal × maxDoc        (ordinalWidth bytes each: 1, 2 or 4)
///
/// Undated documents have both days `Int32.min`. Fields are in ascending byte order of their names,
/// values likewise (strictly); ordinal 0 means no value, k the k-th value.
///
/// Opening reads only the counts and the layout (O(fields), whatever the number of documents), so every
/// later read stays inside the file; a value read is range-checked where it is read (a backwards
/// interval reads as undated, an ordinal beyond its dictionary as no value, offsets out of order as an
/// empty value), so damaged bytes give wrong answers, never a trap. Full verification (`concord check`,
/// merges: `verifyChecksum`) checks every interval, offset and ordinal and names the first bad one;
/// value order is verified by `concord check`.
struct SegmentColumns {
    let file: FramedFile
    let maxDoc: Int
    /// Keyword fields by name.
    let keywords: [String: KeywordColumn]
    /// Field names in ascending byte order.
    let fieldNames: [String]
    /// Where the date column starts; nil when no document of the segment is dated (no column).
    private let datesStart: Int?

    init(directory: Directory, name: String, expectedDocuments: Int, identity: FileIdentity, verifyChecksum: Bool) throws {
        file = try FramedFile(directory: directory, name: name, format: ColumnFileWriter.format,
                              versions: IndexFormat.readableVersions, identity: identity, verifyChecksum: verifyChecksum)
        var reader = file.reader()
        maxDoc = Int(try reader.readU32())
        guard maxDoc == expectedDocuments else {
            throw reader.corrupt("holds \(maxDoc) documents, the segment has \(expectedDocuments)")
        }
        let fieldCount = Int(try reader.readU32())
        let dated = try reader.readU8()
        guard dated <= 1 else { throw reader.corrupt("bad date column flag \(dated)") }
        datesStart = dated == 1 ? reader.offset : nil
        if dated == 1 {
            // Intervals are checked where read (and in full by `concord check`), not here.
            guard maxDoc <= reader.remaining / 8 else { throw reader.corrupt("the date column runs past the end") }
            try reader.skip(8 * maxDoc)
        }
        guard fieldCount <= reader.remaining else { throw reader.corrupt("implausible field count \(fieldCount)") }
        var keywords: [String: KeywordColumn] = [:]
        var names: [String] = []
        for _ in 0..<fieldCount {
            let fieldName = try reader.readString()
            if let previous = names.last, !previous.utf8.lexicographicallyPrecedes(fieldName.utf8) {
                throw reader.corrupt("keyword fields out of order at \(fieldName)")
            }
            let valueCount = Int(try reader.readU32())
            let width = Int(try reader.readU8())
            guard width == 1 || width == 2 || width == 4 else { throw reader.corrupt("bad ordinal width \(width) of field \(fieldName)") }
            guard valueCount < reader.remaining / 4 else { throw reader.corrupt("implausible value count \(valueCount) of field \(fieldName)") }
            let offsetsStart = reader.offset
            try reader.skip(4 * valueCount)
            let byteCount = Int(try reader.readU32())
            let bytesStart = reader.offset
            try reader.skip(byteCount)
            let ordinalsStart = reader.offset
            guard maxDoc <= reader.remaining / width else { throw reader.corrupt("the ordinals of field \(fieldName) run past the end") }
            try reader.skip(maxDoc * width)
            keywords[fieldName] = KeywordColumn(field: fieldName, valueCount: valueCount, body: file.body, offsetsStart: offsetsStart,
                                                bytesStart: bytesStart, byteCount: byteCount, ordinalsStart: ordinalsStart,
                                                width: width, owner: file.file)
            names.append(fieldName)
        }
        guard reader.isAtEnd else { throw reader.corrupt("trailing bytes after the last field") }
        self.keywords = keywords
        fieldNames = names
        if verifyChecksum { try validateValues() }
    }

    /// Checks every document's date interval, every value offset and every document's ordinals
    /// (O(maxDoc); opening for a search does not).
    func validateValues() throws {
        var reader = file.reader()
        reader.offset = datesStart ?? 0
        for doc in 0..<(datesStart == nil ? 0 : maxDoc) {
            let first = Int32(bitPattern: try reader.readU32()), last = Int32(bitPattern: try reader.readU32())
            let undated = first == ColumnFileWriter.undated && last == ColumnFileWriter.undated
            guard undated || (first != ColumnFileWriter.undated && first <= last) else {
                throw reader.corrupt("document \(doc) has an invalid date interval \(first)...\(last)")
            }
        }
        for fieldName in fieldNames {
            guard let column = keywords[fieldName] else { continue }
            if let problem = column.offsetProblem() { throw reader.corrupt(problem) }
            for doc in 0..<maxDoc where column.storedOrdinal(doc) > column.valueCount {
                throw reader.corrupt("document \(doc) has ordinal \(column.storedOrdinal(doc)) of field \(fieldName), which has \(column.valueCount) values")
            }
        }
    }

    /// `doc`'s date interval, nil when undated. `doc` must be in `0..<maxDoc`.
    @inline(__always)
    func dateInterval(_ doc: Int) -> DayInterval? {
        guard let datesStart else { return nil }
        let first = Int32(bitPattern: UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: datesStart + 8 * doc, as: UInt32.self)))
        guard first != ColumnFileWriter.undated else { return nil }
        let last = Int32(bitPattern: UInt32(littleEndian: file.body.loadUnaligned(fromByteOffset: datesStart + 8 * doc + 4, as: UInt32.self)))
        // A backwards interval is damage (reported by `validateValues`); it reads as undated.
        guard first <= last else { return nil }
        return DayInterval(first: first, last: last)
    }
}
