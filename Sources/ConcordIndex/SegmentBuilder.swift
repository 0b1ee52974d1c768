import ConcordStorage
import Dispatch

/// Accumulates documents in memory until they are written out as one segment.
///
/// Each term keeps its postings (document delta, three frequencies, then the positions of each field as
/// deltas) as bytes in a shared `PostingsPool`, so memory stays close to the size of the final postings.
/// `estimatedBytes` lets the writer flush when a RAM budget is reached.
struct SegmentBuilder {
    private var terms = TermTable()
    /// Per term id: its postings buffer and bookkeeping, side by side (one cache line touched per term and
    /// document, where three parallel arrays cost three misses).
    private var states: [TermState] = []
    private var ids: [String] = []
    private var hashes: [UInt64] = []
    private var stored: [[(name: String, value: String)]] = []
    private var columns: [ColumnValues] = []
    private var lengths: [[UInt32]] = Array(repeating: [], count: IndexField.count)
    private var storedBytes = 0
    // Scratch of `add`, kept between documents so adding one allocates nothing in the common case.
    private var documentTerms: [Int32] = []
    private var counts: [Int] = []
    private var localIndices: [Int32] = []
    private var starts: [Int] = []
    private var positions: [UInt32] = []
    private var next: [Int] = []
    /// Every term's postings bytes (`TermState.postings` says where each term's are).
    private var pool = PostingsPool()
    /// Per term key space seen lately (see `AnalyzedDocument.termKeySpace`), the term id found for each
    /// key (−1: not yet looked up), so a keyed token costs an array read instead of a hash lookup.
    private var keyedIDs = KeyedTermIDs()
    /// Tokens whose term was looked up by hashing it (the rest were found by key): for tests.
    private(set) var hashedLookups = 0

    var documentCount: Int { ids.count }
    var isEmpty: Bool { ids.isEmpty }

    /// Bytes held, counting allocated capacity and per-object overhead: postings buffers, the term
    /// table, stored fields (each string and tuple), ids and per-document columns.
    var estimatedBytes: Int { pool.byteCount + storedBytes + terms.byteCount + states.count * 64 + ids.count * 96 }

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
        // The scratch arrays and the term states are moved into locals while the document is added (and
        // back at the end): the loops below then mutate local arrays, whose uniqueness the compiler checks
        // once, where a property of `self` is checked again at every write.
        var states = self.states, documentTerms = self.documentTerms, counts = self.counts
        var localIndices = self.localIndices, starts = self.starts, positions = self.positions, next = self.next
        (self.states, self.documentTerms, self.counts, self.localIndices) = ([], [], [], [])
        (self.starts, self.positions, self.next) = ([], [], [])
        // The ids found by key in this document's key space, moved out of their table while it is added.
        var keyed = keyedIDs.take(document.termKeySpace)
        var keyIDs = keyed?.takeIDs() ?? []
        let usesKeys = keyed != nil
        // The document's distinct terms (builder ids, in order of first sight) and, per term and field,
        // how many tokens it has: counts[3 · local + field]. Scratch arrays are kept between documents.
        documentTerms.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        localIndices.removeAll(keepingCapacity: true)     // per field, its vocabulary's local term indices
        var fieldStart = (0, 0, 0)
        var total = 0
        // The fields and their arrays are read in place (through buffer pointers): copying a field out of the
        // document retained and released each of its arrays, whose counts another thread's core last wrote.
        document.fields.withUnsafeBufferPointer { fields in
            // The scratch arrays are sized once for the most terms the document can have (each vocabulary
            // entry a new one), written through pointers, and cut to the terms found: an append per entry
            // cost a uniqueness check (a runtime call) each.
            var entries = 0
            for f in 0..<IndexField.count { entries += fields[f].vocabulary.count }
            localIndices.append(contentsOf: repeatElement(0, count: entries))
            documentTerms.append(contentsOf: repeatElement(0, count: entries))
            counts.append(contentsOf: repeatElement(0, count: IndexField.count * entries))
            var termCount = 0
            localIndices.withUnsafeMutableBufferPointer { localIndices in
                documentTerms.withUnsafeMutableBufferPointer { documentTerms in
                    counts.withUnsafeMutableBufferPointer { counts in
                        var base = 0
                        for f in 0..<IndexField.count {
                            if f == 1 { fieldStart.1 = base } else if f == 2 { fieldStart.2 = base }
                            fields[f].vocabulary.withUnsafeBufferPointer { vocabulary in
                                fields[f].termKeys.withUnsafeBufferPointer { keys in
                                    let keyCount = usesKeys ? keys.count : 0
                                    for v in 0..<vocabulary.count {
                                        let key = v < keyCount ? Int(keys[v]) : -1
                                        let id: Int
                                        if key >= 0 && key < keyIDs.count && keyIDs[key] >= 0 {
                                            id = Int(keyIDs[key])
                                        } else {
                                            hashedLookups &+= 1
                                            let found = terms.id(for: vocabulary[v])
                                            if key >= 0 {
                                                if key >= keyIDs.count {
                                                    keyIDs.append(contentsOf: repeatElement(-1, count: max(key + 1 - keyIDs.count, keyIDs.count)))
                                                }
                                                keyIDs[key] = found
                                            }
                                            id = Int(found)
                                        }
                                        if id == states.count { states.append(TermState()) }
                                        var local = states[id].local
                                        if local < 0 {
                                            local = Int32(termCount)
                                            states[id].local = local
                                            documentTerms[termCount] = Int32(id)
                                            termCount += 1
                                        }
                                        localIndices[base + v] = local
                                    }
                                }
                            }
                            fields[f].termIndices.withUnsafeBufferPointer { termIndices in
                                for i in termIndices { counts[3 * Int(localIndices[base + Int(i)]) + f] += 1 }
                                total += termIndices.count
                                lengths[f].append(UInt32(termIndices.count))
                            }
                            base += fields[f].vocabulary.count
                        }
                    }
                }
            }
            documentTerms.removeLast(entries - termCount)
            counts.removeLast(IndexField.count * (entries - termCount))
        }
        keyed?.putBack(keyIDs)
        keyedIDs.putBack(keyed)
        // Where each term's positions in each field start: one pass through pointers (no append per entry).
        starts.removeAll(keepingCapacity: true)
        starts.append(contentsOf: repeatElement(0, count: counts.count + 1))
        starts.withUnsafeMutableBufferPointer { starts in
            counts.withUnsafeBufferPointer { counts in
                var sum = 0
                for (k, c) in counts.enumerated() {
                    sum += c
                    starts[k + 1] = sum
                }
            }
        }
        positions.removeAll(keepingCapacity: true)
        positions.append(contentsOf: repeatElement(0, count: total))
        next.removeAll(keepingCapacity: true)
        next.append(contentsOf: starts)
        positions.withUnsafeMutableBufferPointer { positions in
            next.withUnsafeMutableBufferPointer { next in
                localIndices.withUnsafeBufferPointer { localIndices in
                    document.fields.withUnsafeBufferPointer { fields in
                        for f in 0..<IndexField.count {
                            let base = f == 0 ? fieldStart.0 : f == 1 ? fieldStart.1 : fieldStart.2
                            fields[f].termIndices.withUnsafeBufferPointer { termIndices in
                                fields[f].positions.withUnsafeBufferPointer { fieldPositions in
                                    // Positions 0, 1, 2, … when the field lists none (see `FieldTerms`).
                                    let listed = fieldPositions.count > 0
                                    for i in 0..<termIndices.count {
                                        let bucket = 3 * Int(localIndices[base + Int(termIndices[i])]) + f
                                        let position = listed ? fieldPositions[i] : UInt32(truncatingIfNeeded: i)
                                        positions[next[bucket]] = position & 0x3FFF_FFFF
                                        next[bucket] += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        let pool = self.pool
        for (k, id32) in documentTerms.enumerated() {
            let id = Int(id32)
            var state = states[id]
            state.local = -1
            pool.writeVInt(UInt64(doc - state.lastDoc), to: &state.postings)
            for f in 0..<IndexField.count { pool.writeVInt(UInt64(counts[3 * k + f]), to: &state.postings) }
            for f in 0..<IndexField.count {
                var previous: UInt32 = 0
                for p in starts[3 * k + f]..<starts[3 * k + f + 1] {
                    pool.writeVInt(UInt64(positions[p] - previous), to: &state.postings)
                    previous = positions[p]
                }
            }
            state.lastDoc = doc
            states[id] = state
        }
        self.states = states
        if positions.count > 1 << 18 || counts.count > 1 << 16 {
            // A huge document's scratch is not kept for the small ones after it.
            (self.documentTerms, self.counts, self.localIndices, self.starts, self.positions, self.next) = ([], [], [], [], [], [])
        } else {
            (self.documentTerms, self.counts, self.localIndices) = (documentTerms, counts, localIndices)
            (self.starts, self.positions, self.next) = (starts, positions, next)
        }
        ids.append(document.id)
        hashes.append(document.contentHash)
        stored.append(document.storedFields)
        columns.append(ColumnValues(date: document.dateInterval, keywords: document.keywords))
        for (name, value) in document.keywords { storedBytes += name.utf8.count + value.utf8.count + 96 }
        for field in document.storedFields { storedBytes += field.name.utf8.count + field.value.utf8.count + 96 }
    }

    /// Writes every buffered document and term to `writer` (which the caller then finishes).
    ///
    /// Stored fields (serialized, then compressed chunk by chunk) are written on a second thread while this
    /// one writes the document table's data and the terms' postings in ascending order: the two share no
    /// file. Whichever part is longer, the thread done first does not stand idle: it takes items of the other
    /// part from their far end into memory (terms to encode, or stored chunks to compress; see
    /// `TwoEndedWork`), which the owning thread appends when the two meet. (On a 450k-document corpus one
    /// thread ran alone for 0.4–1 s of each flush, the analysis threads waiting for the buffer.) Each
    /// document's stored fields are let go once written (a builder is written once, then dropped), so a
    /// huge document's text is not held twice.
    mutating func write(to writer: SegmentWriter) throws {
        let storedQueue = StoredDocuments(stored)
        stored = []
        let storedFields = writer.storedFields
        let ids = self.ids
        let termWork = TermWork(claimSize: 32)
        let chunkWork = StoredFieldsWriter.ChunkWork(claimSize: 1)
        var storedError: Error?
        var postingsError: Error?
        // Two parts, run side by side where there are two cores (one after the other otherwise: neither part
        // ever waits for the other to start, see `TwoEndedWork`).
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                do {
                    // Serializing is quick; compressing the chunks is the bulk, and can be shared.
                    storedFields.defersCompression = true
                    for d in storedQueue.documents.indices {
                        try storedFields.add(storedQueue.documents[d], id: ids[d])
                        storedQueue.documents[d] = []
                    }
                    try storedFields.writeDeferredChunks(sharing: chunkWork)
                } catch {
                    storedError = error
                    return
                }
                self.encodeTermsFromTheBack(termWork)
            } else {
                do { try self.writeDocumentDataAndPostings(to: writer, sharing: termWork) } catch {
                    postingsError = error
                    return
                }
                StoredFieldsWriter.compressChunksFromTheBack(chunkWork)
            }
        }
        if let storedError { throw storedError }
        if let postingsError { throw postingsError }
    }

    /// Everything of `write` but the stored fields: the document data, then the terms in ascending order,
    /// from the front until it meets the helping thread's (if one started), whose terms it then appends.
    private func writeDocumentDataAndPostings(to writer: SegmentWriter, sharing: TermWork) throws {
        for d in 0..<ids.count {
            try writer.addDocument(id: ids[d], contentHash: hashes[d], lengths: (lengths[0][d], lengths[1][d], lengths[2][d]),
                               columns: columns[d])
        }
        let order = terms.sortedIDs()
        sharing.open(count: order.count, context: (order, writer.fieldLengths))
        var scratch: [UInt8] = []
        do {
            while let claimed = sharing.claimFront() {
                for i in claimed {
                    let id = Int(order[i])
                    writer.startTerm(Array(terms.bytes(of: id)))
                    writer.addPostings { out in encodePostings(of: id, into: &out, scratch: &scratch) }
                    try writer.finishTerm()
                }
            }
        } catch {
            sharing.abandon()
            throw error
        }
        guard let helped = sharing.close() else { return }
        if let error = helped.error { throw error }
        // The helper encoded terms order[helped.start...] last to first.
        let count = helped.held.terms.count
        precondition(count == order.count - helped.start, "a helper left terms out")
        for k in stride(from: count - 1, through: 0, by: -1) {
            let i = helped.start + (count - 1 - k)
            try writer.addHeldTerm(Array(terms.bytes(of: Int(order[i]))), k, of: helped.held)
        }
    }

    /// The helping part of `write`: encodes terms from the back of the order while the postings thread has
    /// not reached them (nothing when it is done already).
    private func encodeTermsFromTheBack(_ sharing: TermWork) {
        guard let (order, fieldLengths) = sharing.startHelping() else { return }
        var out = PostingsWriter(holdingTermsFor: fieldLengths)
        var scratch: [UInt8] = []
        var error: Error?
        while error == nil, let claimed = sharing.claimBack() {
            for i in claimed.reversed() {
                encodePostings(of: Int(order[i]), into: &out, scratch: &scratch)
                do { _ = try out.finishTerm() } catch let failure { error = failure; break }
            }
        }
        sharing.finishHelping(held: out.held, error: error)
    }

    /// The postings of term `id`: the builder's own bytes (see `add`), read in place from the pool. Its
    /// positions are the values the position runs hold (deltas as VInts): handed on as bytes.
    private func encodePostings(of id: Int, into out: inout PostingsWriter, scratch: inout [UInt8]) {
        var reader = PostingsPool.Reader(states[id].postings)
        var doc: Int64 = -1
        while !reader.isAtEnd {
            doc += Int64(reader.readVInt())
            let f0 = reader.readVInt(), f1 = reader.readVInt(), f2 = reader.readVInt()
            reader.withNextVInts(Int(f0 + f1 + f2), scratch: &scratch) { positions in
                out.add(doc: Int32(doc), frequencies: (UInt32(f0), UInt32(f1), UInt32(f2)), encodedPositions: positions)
            }
        }
    }
}

/// A segment's terms shared by the thread writing them and a helper: the helper needs their order and the
/// documents' field lengths, and hands back the postings it encoded.
private typealias TermWork = TwoEndedWork<(order: [Int32], fieldLengths: [UInt32]), PostingsWriter.HeldTerms>

/// The stored fields of a builder's documents while they are written: a class, so the writing thread can
/// let each document go once written without copying the array.
private final class StoredDocuments {
    var documents: [[(name: String, value: String)]]
    init(_ documents: [[(name: String, value: String)]]) { self.documents = documents }
}

/// Term ids by key, per key space (see `AnalyzedDocument.termKeySpace`): the spaces of the last few
/// documents (one per analysis worker in use, typically), so a document's keyed tokens need no hashing.
private struct KeyedTermIDs {
    /// At most this many spaces are remembered (an older one is let go, and with it its ids).
    static let spaceLimit = 8

    struct Table {
        let space: AnyObject
        private var ids: [Int32] = []

        init(space: AnyObject) { self.space = space }

        /// The term id by key (−1: not looked up yet), moved out while a document is added.
        mutating func takeIDs() -> [Int32] {
            defer { ids = [] }
            return ids
        }

        mutating func putBack(_ ids: [Int32]) { self.ids = ids }
    }

    private var tables: [Table] = []

    /// The table of `space` taken out (a new one if unknown; nil without a space), to be put back.
    mutating func take(_ space: (AnyObject & Sendable)?) -> Table? {
        guard let space else { return nil }
        if let k = tables.firstIndex(where: { $0.space === space }) { return tables.remove(at: k) }
        return Table(space: space)
    }

    mutating func putBack(_ table: Table?) {
        guard let table else { return }
        if tables.count >= Self.spaceLimit { tables.removeFirst() }
        tables.append(table)
    }
}

/// What the builder keeps per term: its postings so far (document delta, three frequencies, then positions
/// as deltas, per document), the last document it occurs in, and its index among the terms of the document
/// being added (−1 outside `add`).
private struct TermState {
    var postings = PostingsPool.Cursor()
    var lastDoc: Int32 = -1
    var local: Int32 = -1
}
