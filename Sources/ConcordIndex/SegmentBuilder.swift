import Dispatch
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
    private var lengths: [[UInt32]] = Array(repeating: [], count: IndexField.count)
    // Per-document scratch of `add` (reused): see there.
    private var slotDoc: [Int32] = []
    private var slotOfTerm: [Int32] = []
    private var distinctTerms: [Int32] = []
    private var slotCounts: [Int32] = []
    private var slotStarts: [Int] = []
    private var occurrenceTerms: [Int32] = []
    private var grouped: [UInt64] = []
    private var storedBytes = 0
    private var postingBytes = 0

    var documentCount: Int { ids.count }
    var isEmpty: Bool { ids.isEmpty }

    /// Bytes held, counting allocated capacity and per-object overhead: postings buffers, the term
    /// table, stored fields (each string and tuple), ids and per-document columns.
    var estimatedBytes: Int { postingBytes + storedBytes + terms.byteCount + buffers.count * 72 + ids.count * 96 }

    /// Documents added so far, by id (for deletes that target the buffer).
    func documentIDs() -> [String] { ids }

    mutating func add(_ document: AnalyzedDocument) {
        let doc = Int32(ids.count)
        // Group the document's occurrences by term without sorting: occurrences arrive field by field,
        // positions ascending within each field, so a stable bucketing by term keeps every term's
        // occurrences in (field, position) order. `slotOfTerm[id]` is valid when `slotDoc[id] == doc`.
        occurrenceTerms.removeAll(keepingCapacity: true)
        distinctTerms.removeAll(keepingCapacity: true)
        slotCounts.removeAll(keepingCapacity: true)
        for f in 0..<IndexField.count {
            for posting in document.terms[f] {
                let id = Int(terms.id(for: posting.term))
                if id == buffers.count {
                    buffers.append(ByteWriter(capacity: 16))
                    lastDoc.append(-1)
                    slotDoc.append(-1)
                    slotOfTerm.append(0)
                }
                if slotDoc[id] != doc {
                    slotDoc[id] = doc
                    slotOfTerm[id] = Int32(distinctTerms.count)
                    distinctTerms.append(Int32(id))
                    slotCounts.append(0)
                }
                let slot = Int(slotOfTerm[id])
                slotCounts[slot] += 1
                occurrenceTerms.append(Int32(slot))
            }
            lengths[f].append(UInt32(document.terms[f].count))
        }
        // Bucket start of each slot, then every occurrence (field << 32 | position) into its bucket.
        slotStarts.removeAll(keepingCapacity: true)
        var running = 0
        for count in slotCounts {
            slotStarts.append(running)
            running += Int(count)
        }
        grouped.removeAll(keepingCapacity: true)
        grouped.append(contentsOf: repeatElement(0, count: running))
        var k = 0
        for f in 0..<IndexField.count {
            for posting in document.terms[f] {
                let slot = Int(occurrenceTerms[k])
                grouped[slotStarts[slot]] = UInt64(f) << 32 | UInt64(posting.position & 0x3FFF_FFFF)
                slotStarts[slot] += 1
                k += 1
            }
        }
        var end = 0
        for (slot, id32) in distinctTerms.enumerated() {
            let id = Int(id32)
            let start = end
            end += Int(slotCounts[slot])
            var freqs: (UInt64, UInt64, UInt64) = (0, 0, 0)
            for i in start..<end {
                switch grouped[i] >> 32 {
                case 0: freqs.0 += 1
                case 1: freqs.1 += 1
                default: freqs.2 += 1
                }
            }
            let before = buffers[id].capacity
            buffers[id].writeVInt(UInt64(doc - lastDoc[id]))
            buffers[id].writeVInt(freqs.0)
            buffers[id].writeVInt(freqs.1)
            buffers[id].writeVInt(freqs.2)
            var previousField: UInt64 = 99
            var previous: UInt64 = 0
            for i in start..<end {
                let field = grouped[i] >> 32
                let position = grouped[i] & 0xFFFF_FFFF
                if field != previousField { previous = 0; previousField = field }
                buffers[id].writeVInt(position - previous)
                previous = position
            }
            postingBytes += buffers[id].capacity - before
            lastDoc[id] = doc
        }
        ids.append(document.id)
        hashes.append(document.contentHash)
        stored.append(document.storedFields)
        for field in document.storedFields { storedBytes += field.name.utf8.count + field.value.utf8.count + 96 }
    }

    /// Writes every buffered document and term to `writer` (which the caller then finishes). Stored
    /// fields (serialized and compressed) are written on a second thread while the postings are.
    func write(to writer: SegmentWriter) throws {
        for d in 0..<ids.count {
            writer.addDocumentColumns(id: ids[d], contentHash: hashes[d], lengths: (lengths[0][d], lengths[1][d], lengths[2][d]))
        }
        var storedError: Error?
        var postingsError: Error?
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            do {
                if part == 0 {
                    for fields in stored { try writer.addStoredFields(fields) }
                } else {
                    try writePostings(to: writer)
                }
            } catch {
                if part == 0 { storedError = error } else { postingsError = error }
            }
        }
        if let error = postingsError ?? storedError { throw error }
    }

    private func writePostings(to writer: SegmentWriter) throws {
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
