import ConcordStorage

/// Accumulates documents in memory until they are written out as one segment.
///
/// Each term keeps a growing byte buffer of its postings (document delta, three frequencies, then the
/// positions of each field as deltas), so memory stays close to the size of the final postings.
/// `estimatedBytes` lets the writer flush when a RAM budget is reached.
struct SegmentBuilder {
    private var terms = TermTable()
    private var buffers: [ByteWriter] = []
    private var lastDoc: [Int32] = []
    private var ids: [String] = []
    private var hashes: [UInt64] = []
    private var stored: [[(name: String, value: String)]] = []
    private var columns: [ColumnValues] = []
    private var lengths: [[UInt32]] = Array(repeating: [], count: IndexField.count)
    /// Per term id: its index among the terms of the document being added, −1 otherwise (scratch of `add`).
    private var localOf: [Int32] = []
    private var storedBytes = 0
    private var postingBytes = 0

    var documentCount: Int { ids.count }
    var isEmpty: Bool { ids.isEmpty }

    /// Bytes held, counting allocated capacity and per-object overhead: postings buffers, the term
    /// table, stored fields (each string and tuple), ids and per-document columns.
    var estimatedBytes: Int { postingBytes + storedBytes + terms.byteCount + buffers.count * 64 + ids.count * 96 }

    /// Documents added so far, by id (for deletes that target the buffer).
    func documentIDs() -> [String] { ids }

    /// Adds one document's postings: each of its terms gets the document delta, its three field
    /// frequencies and its positions per field (as deltas) appended to the term's buffer.
    ///
    /// The positions are grouped by term with a counting sort into one scratch array of four bytes per
    /// token (no comparison sort), so even a document of tens of millions of tokens costs little beyond
    /// its own compact terms.
    mutating func add(_ document: AnalyzedDocument) {
        let doc = Int32(ids.count)
        // The document's distinct terms (builder ids, in order of first sight) and, per term and field,
        // how many tokens it has: counts[3 · local + field].
        var documentTerms: [Int32] = []
        var counts: [Int] = []
        var localIndices: [[Int32]] = []          // per field: vocabulary index → local term index
        for f in 0..<IndexField.count {
            let field = document.fields[f]
            let local: [Int32] = field.vocabulary.map { term in
                let id = Int(terms.id(for: term))
                if id == buffers.count {
                    buffers.append(ByteWriter(capacity: 16))
                    lastDoc.append(-1)
                    localOf.append(-1)
                }
                if localOf[id] < 0 {
                    localOf[id] = Int32(documentTerms.count)
                    documentTerms.append(Int32(id))
                    counts.append(contentsOf: [0, 0, 0])
                }
                return localOf[id]
            }
            for i in 0..<field.count { counts[3 * Int(local[Int(field.termIndices[i])]) + f] += 1 }
            localIndices.append(local)
            lengths[f].append(UInt32(field.count))
        }
        var starts = [Int](repeating: 0, count: counts.count + 1)
        for b in counts.indices { starts[b + 1] = starts[b] + counts[b] }
        var positions = [UInt32](repeating: 0, count: starts[counts.count])
        var next = starts
        for f in 0..<IndexField.count {
            let field = document.fields[f], local = localIndices[f]
            for i in 0..<field.count {
                let bucket = 3 * Int(local[Int(field.termIndices[i])]) + f
                positions[next[bucket]] = field.position(i) & 0x3FFF_FFFF
                next[bucket] += 1
            }
        }
        for (k, id32) in documentTerms.enumerated() {
            let id = Int(id32)
            localOf[id] = -1
            let before = buffers[id].capacity
            buffers[id].writeVInt(UInt64(doc - lastDoc[id]))
            for f in 0..<IndexField.count { buffers[id].writeVInt(UInt64(counts[3 * k + f])) }
            for f in 0..<IndexField.count {
                var previous: UInt32 = 0
                for p in starts[3 * k + f]..<starts[3 * k + f + 1] {
                    buffers[id].writeVInt(UInt64(positions[p] - previous))
                    previous = positions[p]
                }
            }
            postingBytes += buffers[id].capacity - before
            lastDoc[id] = doc
        }
        ids.append(document.id)
        hashes.append(document.contentHash)
        stored.append(document.storedFields)
        columns.append(ColumnValues(date: document.dateInterval, keywords: document.keywords))
        for (name, value) in document.keywords { storedBytes += name.utf8.count + value.utf8.count + 96 }
        for field in document.storedFields { storedBytes += field.name.utf8.count + field.value.utf8.count + 96 }
    }

    /// Writes every buffered document and term to `writer` (which the caller then finishes).
    /// Each document's stored fields are let go once written (a builder is written once, then dropped),
    /// so a huge document's text is not held twice.
    mutating func write(to writer: SegmentWriter) throws {
        for d in 0..<ids.count {
            try writer.addDocument(id: ids[d], contentHash: hashes[d], storedFields: stored[d],
                                   lengths: [lengths[0][d], lengths[1][d], lengths[2][d]], columns: columns[d])
            stored[d] = []
        }
        let order = (0..<terms.count).sorted { terms.bytes(of: $0).lexicographicallyPrecedes(terms.bytes(of: $1)) }
        var positions: [UInt32] = []
        for id in order {
            writer.startTerm(Array(terms.bytes(of: id)))
            try buffers[id].bytes.withUnsafeBytes { raw in
                var reader = ByteReader(raw, file: "in-memory postings")
                var doc: Int64 = -1
                while !reader.isAtEnd {
                    doc += Int64(try reader.readVInt())
                    let f0 = try reader.readVInt(), f1 = try reader.readVInt(), f2 = try reader.readVInt()
                    positions.removeAll(keepingCapacity: true)
                    for field in 0..<IndexField.count {
                        let count = field == 0 ? f0 : field == 1 ? f1 : f2
                        var p: UInt64 = 0
                        for _ in 0..<count {
                            p += try reader.readVInt()
                            positions.append(UInt32(p))
                        }
                    }
                    positions.withUnsafeBufferPointer { buffer in
                        writer.addPosting(doc: Int32(doc), frequencies: (UInt32(f0), UInt32(f1), UInt32(f2)), positions: buffer)
                    }
                }
            }
            try writer.finishTerm()
        }
    }
}
