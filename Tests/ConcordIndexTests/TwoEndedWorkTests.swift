import ConcordStorage
import Dispatch
import Foundation
import Testing
@testable import ConcordIndex

/// A segment's terms and stored chunks are written by two threads meeting in the middle (`TwoEndedWork`):
/// every item is done exactly once, the owner's results come out in order, and a stored-fields file written
/// with a helper is byte for byte the file written by one thread. Nothing here depends on timing: where a
/// helper must take part, the owner waits for it (`afterOpening`), as a slow owner would.
@Suite struct TwoEndedWorkTests {
    @Test func claimsFromBothEndsMeetWithoutOverlap() {
        let work = TwoEndedWork<Int, [Int]>(claimSize: 3)
        work.open(count: 10, context: 10)
        #expect(work.claimFront() == 0..<3)
        #expect(work.claimBack() == 7..<10)
        #expect(work.claimFront() == 3..<6)
        #expect(work.claimBack() == 6..<7)
        #expect(work.claimFront() == nil)
        #expect(work.claimBack() == nil)
    }

    @Test func aHelperStartsOnlyWhileTheOwnerIsWorking() {
        let work = TwoEndedWork<String, Int>(claimSize: 4)
        #expect(work.startHelping() == nil)             // not opened yet
        work.open(count: 3, context: "items")
        #expect(work.claimFront() == 0..<3)
        #expect(work.startHelping() == nil)             // nothing left
        #expect(work.close() == nil)                    // no helper started: nothing to wait for
        let empty = TwoEndedWork<String, Int>(claimSize: 4)
        empty.open(count: 10, context: "items")
        #expect(empty.close() == nil)
        #expect(empty.startHelping() == nil)            // closed
    }

    /// An owner and a helper on their own threads: whatever the split, the owner did a prefix in order and the
    /// helper the rest, last first, and `close` hands the helper's results over once it is done.
    @Test(arguments: [1, 3, 16])
    func everyItemIsDoneOnceByOneSide(claimSize: Int) throws {
        let count = 257
        let work = TwoEndedWork<Int, [Int]>(claimSize: claimSize)
        let opened = DispatchSemaphore(value: 0), started = DispatchSemaphore(value: 0)
        // The owner goes on once the helper has started (it cannot start later than that).
        work.afterOpening = {
            opened.signal()
            started.wait()
        }
        let helper = Thread {
            opened.wait()
            guard let total = work.startHelping() else { started.signal(); return }
            started.signal()
            var held: [Int] = []
            while let claimed = work.claimBack() { held.append(contentsOf: claimed.reversed()) }
            work.finishHelping(held: held, error: total == count ? nil : CancellationError())
        }
        helper.start()
        work.open(count: count, context: count)
        var owner: [Int] = []
        while let claimed = work.claimFront() { owner.append(contentsOf: claimed) }
        let helped = try #require(work.close())
        #expect(helped.error == nil)
        #expect(owner == Array(0..<helped.start))
        #expect(helped.held == Array((helped.start..<count).reversed()))
    }

    /// Adds `docs` to `writer` with compression deferred, writes the deferred chunks — with a helper thread
    /// that does every chunk (the owner waits for it) when `helps` — and finishes the file. Returns whether
    /// the helper started.
    private func writeDeferred(_ docs: [(doc: AnalyzedDocument, fields: [(name: String, value: String)])],
                               to writer: StoredFieldsWriter, helps: Bool) throws -> Bool {
        writer.defersCompression = true
        for doc in docs { try writer.add(doc.fields, id: doc.doc.id) }
        let work = StoredFieldsWriter.ChunkWork(claimSize: 1)
        let helped = Flag()
        if helps {
            work.afterOpening = {
                let done = DispatchSemaphore(value: 0)
                Thread {
                    helped.value = StoredFieldsWriter.compressChunksFromTheBack(work)
                    done.signal()
                }.start()
                done.wait()
            }
        }
        try writer.writeDeferredChunks(sharing: work)
        _ = try writer.finish()
        return helped.value
    }

    /// Deferred chunks compressed by a helper give the file one thread writes with the same dictionary, byte
    /// for byte: with the helper doing every chunk (the owner waits for it) and with no helper.
    @Test(arguments: [true, false])
    func storedChunksWrittenWithAHelperAreTheFileOneThreadWrites(helps: Bool) throws {
        let docs = storedDocuments(count: 3_000, seed: 21)
        let identity = FileIdentity.random()
        let directory = MemoryDirectory()
        var sample = StoredTrainingSample(trainingBytes: 64 << 10)
        for doc in docs { sample.offer(doc.fields, id: doc.doc.id) }
        let dictionary = StoredDictionaryTraining.chosenDictionary(for: sample, names: [], previous: [])
        #expect(!dictionary.isEmpty)
        let encoding = StoredFieldsEncoding(dictionary: dictionary, names: [])
        let alone = try StoredFieldsWriter(directory: directory, name: "alone.sto", identity: identity, encoding: encoding)
        for doc in docs { try alone.add(doc.fields, id: doc.doc.id) }
        _ = try alone.finish()

        let shared = try StoredFieldsWriter(directory: directory, name: "shared.sto", identity: identity, encoding: encoding)
        #expect(try writeDeferred(docs, to: shared, helps: helps) == helps)
        let one = try #require(directory.contents(of: "alone.sto"))
        let two = try #require(directory.contents(of: "shared.sto"))
        #expect(one.count > 10_000)
        #expect(one == two)
    }

    /// A deferring writer handed a training (as a flushed segment's is) compresses every chunk, its own and
    /// a helper's, with the dictionary the training chose: the file is the one a writer given that
    /// dictionary writes.
    @Test func chunksWaitForTheTrainingAndUseItsDictionary() throws {
        let docs = storedDocuments(count: 3_000, seed: 22)
        let identity = FileIdentity.random()
        let directory = MemoryDirectory()
        var sample = StoredTrainingSample(trainingBytes: 64 << 10)
        for doc in docs { sample.offer(doc.fields, id: doc.doc.id) }
        let training = StoredDictionaryTraining(sample: sample, names: [], previous: [])
        let shared = try StoredFieldsWriter(directory: directory, name: "shared.sto", identity: identity,
                                            encoding: StoredFieldsEncoding(dictionary: [], names: []), training: training)
        #expect(try writeDeferred(docs, to: shared, helps: true))
        let dictionary = training.dictionary()
        #expect(!dictionary.isEmpty && shared.encoding.dictionary == dictionary)

        let alone = try StoredFieldsWriter(directory: directory, name: "alone.sto", identity: identity,
                                           encoding: StoredFieldsEncoding(dictionary: dictionary, names: []))
        for doc in docs { try alone.add(doc.fields, id: doc.doc.id) }
        _ = try alone.finish()
        let one = try #require(directory.contents(of: "alone.sto"))
        let two = try #require(directory.contents(of: "shared.sto"))
        #expect(one.count > 10_000)
        #expect(one == two)
    }
}

/// A flag set on one thread and read on another after a semaphore hands it over.
private final class Flag: @unchecked Sendable {
    var value = false
}
