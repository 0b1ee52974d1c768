import ConcordStorage

/// Merges segments into one new segment, dropping deleted documents: documents keep their relative
/// order (segment by segment), terms are merged in byte order, postings are remapped to the new numbers.
struct SegmentMerger {
    let directory: Directory

    /// Postings written between two releases of the inputs' resident pages: what a merge keeps mapped
    /// of its inputs stays near this (times the ratio of input to output), whatever their size.
    static let residentInputLimit = 32 << 20

    /// `sources` pairs each segment with the deletions to apply (which may be newer than its commit's).
    func merge(_ sources: [(reader: SegmentReader, deletions: DeletionSet?)], into name: String) throws -> SegmentInfo {
        // The writer opens segments without checking the CRC of postings and positions; a merge must
        // not copy damaged bytes into a new, validly checksummed segment.
        for source in sources {
            try source.reader.verifyChecksums()
            source.reader.dropResidentPages()
        }
        // Merged document numbers are Int32 (as in every segment).
        guard sources.reduce(0, { $0 + $1.reader.maxDoc }) <= Int(Int32.max) else {
            throw IndexError.limitExceeded("a merged segment of more than \(Int32.max) documents")
        }
        // The largest source's stored-field encoding: its chunks (and those of every source sharing it) are copied.
        let largest = sources.max { $0.reader.maxDoc < $1.reader.maxDoc }
        let writer = try SegmentWriter(directory: directory, name: name, storedEncoding: largest?.reader.storedFieldsEncoding)
        // The per-document arrays get their final size at once (growing by doubling could hold twice it).
        writer.reserve(documents: sources.reduce(0) { $0 + $1.reader.liveCount },
                       idBytes: sources.reduce(0) { $0 + $1.reader.documentTable.idByteCount })
        do {
            var maps: [[Int32]] = []
            var next: Int32 = 0
            for (reader, deletions) in sources {
                var map = [Int32](repeating: -1, count: reader.maxDoc)
                defer { reader.dropResidentPages() }
                if (deletions?.deletedCount ?? 0) == 0 {
                    // No deletions: documents keep their order, stored chunks are copied compressed.
                    try writer.addAllDocuments(of: reader)
                    for doc in 0..<reader.maxDoc { map[doc] = next + Int32(doc) }
                    next += Int32(reader.maxDoc)
                    maps.append(map)
                    continue
                }
                // Values go in as strings; the writer numbers each field's dictionary afresh (ordinals renumbered).
                let keywordColumns = reader.keywordFields.compactMap { reader.keywordColumn($0) }
                for doc in 0..<reader.maxDoc where !(deletions?.isDeleted(doc) ?? false) {
                    map[doc] = next
                    next += 1
                    try writer.addDocument(id: try reader.documentID(doc), contentHash: reader.contentHash(doc),
                                           storedFields: try reader.storedFields(doc),
                                           lengths: (0..<IndexField.count).map { UInt32(reader.fieldLength(doc, field: $0)) },
                                           columns: reader.columnValues(doc, keywordColumns))
                }
                maps.append(map)
            }
            var iterators = try sources.map { try $0.reader.termIterator() }
            var heads: [[UInt8]] = Array(repeating: [], count: sources.count)
            var infos: [TermInfo?] = []
            for i in iterators.indices { infos.append(try iterators[i].next(into: &heads[i])) }
            var positions: [UInt32] = []
            var residentSince = writer.postingBytesWritten
            while true {
                // The inputs are read once, in order: what was read need not stay resident.
                if writer.postingBytesWritten - residentSince >= Self.residentInputLimit {
                    for source in sources { source.reader.dropResidentPages() }
                    residentSince = writer.postingBytesWritten
                }
                var smallest: [UInt8]?
                for i in infos.indices where infos[i] != nil {
                    if smallest == nil || heads[i].lexicographicallyPrecedes(smallest!) { smallest = heads[i] }
                }
                guard let term = smallest else { break }
                var started = false
                for i in infos.indices {
                    guard let info = infos[i], heads[i] == term else { continue }
                    var cursor = sources[i].reader.postings(info)
                    while try cursor.next() != SegmentPostings.exhausted {
                        let mapped = maps[i][Int(cursor.doc)]
                        if mapped < 0 { continue }
                        if !started { writer.startTerm(term); started = true }
                        positions.removeAll(keepingCapacity: true)
                        try cursor.appendAllPositions(to: &positions)
                        positions.withUnsafeBufferPointer { buffer in
                            writer.addPosting(doc: mapped, frequencies: (UInt32(cursor.frequency(inField: 0)),
                                                                         UInt32(cursor.frequency(inField: 1)),
                                                                         UInt32(cursor.frequency(inField: 2))),
                                              positions: buffer)
                        }
                    }
                    infos[i] = try iterators[i].next(into: &heads[i])
                    // A source whose terms do not ascend would make the merged dictionary unsorted.
                    if infos[i] != nil, !term.lexicographicallyPrecedes(heads[i]) {
                        throw StorageError.corrupt(file: "\(sources[i].reader.info.name).tdi", reason: "terms out of order")
                    }
                }
                if started { try writer.finishTerm() }
            }
            return try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
    }
}
