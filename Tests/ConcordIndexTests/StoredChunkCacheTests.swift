import Testing
@testable import ConcordIndex
import ConcordStorage

/// The cache of decompressed stored-field chunks: a least-recently-used order bounded by bytes, and a
/// segment reader that keeps chunks answering exactly as one that decompresses every chunk it reads.
@Suite struct StoredChunkCacheTests {
    private func bytes(_ count: Int, _ fill: UInt8) -> [UInt8] { [UInt8](repeating: fill, count: count) }

    @Test func evictsTheLeastRecentlyUsedChunkFirst() {
        var cache = StoredChunkCache(byteBudget: 300)
        _ = cache.insert(chunk: 1, firstDoc: 10, bytes: bytes(100, 1))
        _ = cache.insert(chunk: 2, firstDoc: 20, bytes: bytes(100, 2))
        _ = cache.insert(chunk: 3, firstDoc: 30, bytes: bytes(100, 3))
        #expect(cache.count == 3 && cache.byteCount == 300)
        // Using chunk 1 makes chunk 2 the least recently used: it goes first.
        let one = cache.slot(of: 1)
        #expect(one.map { cache.entry($0).firstDoc } == 10)
        _ = cache.insert(chunk: 4, firstDoc: 40, bytes: bytes(100, 4))
        #expect(cache.slot(of: 2) == nil)
        for chunk in [1, 3, 4] {
            let slot = cache.slot(of: chunk)
            #expect(slot.map { cache.entry($0).bytes } == bytes(100, UInt8(chunk)), "chunk \(chunk)")
            #expect(slot.map { cache.entry($0).firstDoc } == chunk * 10)
        }
        #expect(cache.byteCount == 300 && cache.hits == 4 && cache.misses == 1)
        // A chunk larger than the whole budget is still kept (alone) as the last one read.
        _ = cache.insert(chunk: 5, firstDoc: 50, bytes: bytes(1000, 5))
        #expect(cache.count == 1 && cache.byteCount == 1000)
        #expect(cache.slot(of: 5).map { cache.entry($0).bytes.count } == 1000)
        // Lowering the budget evicts at once, down to the last chunk read.
        _ = cache.insert(chunk: 6, firstDoc: 60, bytes: bytes(10, 6))
        cache.byteBudget = 0
        #expect(cache.count == 1 && cache.slot(of: 6) != nil)
    }

    /// A random workload against a plain model of an LRU list: the same chunks are held, in the budget.
    @Test(arguments: [UInt64(1), 2, 3])
    func matchesAModelLeastRecentlyUsedList(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let budget = 2000
        var cache = StoredChunkCache(byteBudget: budget)
        var model: [(chunk: Int, size: Int)] = []  // most recent last
        for _ in 0..<3000 {
            let chunk = Int(rng.next() % 40)
            if let slot = cache.slot(of: chunk) {
                let k = model.firstIndex { $0.chunk == chunk }
                #expect(k != nil, "chunk \(chunk) held but evicted in the model")
                if let k { model.append(model.remove(at: k)) }
                #expect(cache.entry(slot).bytes == bytes(cache.entry(slot).bytes.count, UInt8(chunk)))
            } else {
                #expect(!model.contains { $0.chunk == chunk }, "chunk \(chunk) evicted but held in the model")
                let size = 1 + Int(rng.next() % 600)
                _ = cache.insert(chunk: chunk, firstDoc: chunk, bytes: bytes(size, UInt8(chunk)))
                model.append((chunk, size))
                while model.reduce(0, { $0 + $1.size }) > budget, model.count > 1 { model.removeFirst() }
            }
            #expect(cache.count == model.count)
            #expect(cache.byteCount == model.reduce(0) { $0 + $1.size })
            #expect(cache.byteCount <= budget || cache.count == 1)
        }
    }

    /// The one segment of an index of `docs`, opened twice: without a chunk cache and with `budget`.
    private func segments(of docs: [(doc: AnalyzedDocument, fields: [(name: String, value: String)])],
                          budget: Int) throws -> (plain: SegmentReader, cached: SegmentReader) {
        let directory = MemoryDirectory()
        let writer = try IndexWriter(directory: directory, settings: "{}")
        for doc in docs { try writer.addDocument(doc.doc) }
        try writer.commit(userData: [])
        writer.close()
        let plain = try #require(try IndexReader(directory: directory).segments.first)
        let cached = try #require(try IndexReader(directory: directory, storedChunkCacheBytes: budget).segments.first)
        return (plain, cached)
    }

    @Test(arguments: [UInt64(21), 22])
    func cachedReadsEqualUncachedReads(seed: UInt64) throws {
        let docs = storedDocuments(count: 1500, seed: seed)
        let budget = 64 << 10  // about 30 chunks: more than the popular documents' chunks
        let (plain, cached) = try segments(of: docs, budget: budget)
        #expect(plain.storedChunkCacheBudget == 0)
        #expect(cached.storedChunkCacheBudget == budget)
        var rng = SeededGenerator(seed: seed)
        // A skewed workload (some documents read often, as popular hits are), in random order.
        for _ in 0..<4000 {
            let doc = rng.next() % 4 != 0 ? Int(rng.next() % 60) : Int(rng.next() % UInt64(docs.count))
            let a = try cached.storedDocument(doc).all
            let b = try plain.storedDocument(doc).all
            #expect(a.map(\.name) == b.map(\.name) && a.map(\.value) == b.map(\.value), "document \(doc)")
            #expect(a.map(\.value) == docs[doc].fields.map(\.value), "document \(doc)")
            let list = try cached.storedFields(doc, id: try cached.documentID(doc))
            let plainList = try plain.storedFields(doc, id: try plain.documentID(doc))
            #expect(list.map(\.name) == plainList.map(\.name) && list.map(\.value) == plainList.map(\.value), "document \(doc)")
            let name = docs[doc].fields[Int(rng.next() % UInt64(docs[doc].fields.count))].name
            #expect(try cached.storedField(doc, named: name) == plain.storedField(doc, named: name))
            let statistics = cached.storedChunkCacheStatistics
            #expect(statistics.bytes <= budget || statistics.chunks == 1)
        }
        let withCache = cached.storedChunkCacheStatistics
        let without = plain.storedChunkCacheStatistics
        #expect(withCache.hits + withCache.misses == without.hits + without.misses)
        #expect(withCache.misses < without.misses / 2, "kept chunks: \(withCache), one chunk: \(without)")
        #expect(without.chunks == 1)
    }

    @Test func aKeptChunkIsNotDecompressedAgain() throws {
        let docs = storedDocuments(count: 1200, seed: 5)
        let (plain, cached) = try segments(of: docs, budget: 1 << 20)
        // Documents far apart lie in different chunks: reading them twice decompresses each once.
        let far = [0, 400, 800, 1199]
        for _ in 0..<3 {
            for doc in far {
                _ = try cached.storedDocument(doc)
                _ = try plain.storedDocument(doc)
            }
        }
        #expect(cached.storedChunkCacheStatistics.misses == far.count)
        #expect(cached.storedChunkCacheStatistics.chunks == far.count)
        #expect(plain.storedChunkCacheStatistics.misses == 3 * far.count)
        // A checked index is the same whatever the readers kept.
        cached.storedChunkCacheBudget = 0
        #expect(cached.storedChunkCacheStatistics.chunks == 1)
    }
}
