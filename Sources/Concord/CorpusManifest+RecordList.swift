extension CorpusManifest {
    /// The records (id and line) of one corpus file, held compactly: the ids' UTF-8 bytes end to end,
    /// where each id ends, and each line — about the id's length plus 8 bytes per record, where an
    /// array of `Record` costs 32 bytes plus a heap allocation for every id longer than 15 bytes.
    /// The manifest holds the records of the whole corpus while it is indexed, so at ten million
    /// documents this is the difference between a few hundred megabytes and more than a gigabyte.
    ///
    /// A collection of `Record`s (made on access); `idBytes(at:)` reads an id without making a String.
    struct RecordList: RandomAccessCollection, Equatable, ExpressibleByArrayLiteral {
        private var bytes: [UInt8] = []
        /// Where each id ends in `bytes`, as 32-bit offsets until the ids pass 4 GiB, then as `wideEnds`.
        private var ends: [UInt32] = []
        private var wideEnds: [Int]?
        /// Each record's line (0: none), as 32-bit numbers until one does not fit, then as `wideLines`.
        private var lines: [UInt32] = []
        private var wideLines: [Int]?

        init() {}

        init(arrayLiteral records: Record...) {
            for record in records { append(record) }
        }

        init<S: Sequence>(_ records: S) where S.Element == Record {
            for record in records { append(record) }
        }

        var startIndex: Int { 0 }
        var endIndex: Int { wideEnds?.count ?? ends.count }

        subscript(position: Int) -> Record {
            Record(id: String(decoding: idBytes(at: position), as: UTF8.self), line: line(at: position))
        }

        /// The UTF-8 bytes of record `i`'s id.
        func idBytes(at i: Int) -> ArraySlice<UInt8> {
            bytes[(i == 0 ? 0 : end(i - 1))..<end(i)]
        }

        /// FNV-1a of record `i`'s id bytes (equal to `idHash(of:)` of its id): a cheap first test of
        /// whether an id is among a set of them, before a String is made.
        func idHash(at i: Int) -> UInt64 {
            let start = i == 0 ? 0 : end(i - 1), stop = end(i)
            return bytes.withUnsafeBufferPointer { all in
                var h: UInt64 = 0xcbf2_9ce4_8422_2325
                for k in start..<stop { h = (h ^ UInt64(all[k])) &* 0x0000_0100_0000_01b3 }
                return h
            }
        }

        static func idHash(of id: String) -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in id.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            return h
        }

        func line(at i: Int) -> Int? {
            let line = wideLines?[i] ?? Int(lines[i])
            return line == 0 ? nil : line
        }

        private func end(_ i: Int) -> Int { wideEnds?[i] ?? Int(ends[i]) }

        mutating func append(_ record: Record) {
            var id = record.id
            id.withUTF8 { append(id: UnsafeRawBufferPointer($0), line: record.line) }
        }

        mutating func append(id: UnsafeRawBufferPointer, line: Int?) {
            bytes.append(contentsOf: id)
            if wideEnds == nil, bytes.count > Int(UInt32.max) {
                wideEnds = ends.map(Int.init)
                ends = []
            }
            if wideEnds != nil { wideEnds?.append(bytes.count) } else { ends.append(UInt32(bytes.count)) }
            let number = Swift.max(line ?? 0, 0)
            if wideLines == nil, number > Int(UInt32.max) {
                wideLines = lines.map(Int.init)
                lines = []
            }
            if wideLines != nil { wideLines?.append(number) } else { lines.append(UInt32(number)) }
        }

        mutating func reserveCapacity(_ count: Int) {
            ends.reserveCapacity(count)
            lines.reserveCapacity(count)
        }

        static func == (a: RecordList, b: RecordList) -> Bool {
            guard a.count == b.count, a.bytes == b.bytes else { return false }
            for i in a.indices where a.end(i) != b.end(i) || a.line(at: i) != b.line(at: i) { return false }
            return true
        }
    }
}
