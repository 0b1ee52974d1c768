import ConcordStorage
import Dispatch
import Foundation
import Testing
@testable import ConcordIndex

/// A segment's terms and stored chunks are written by two threads meeting in the middle (`TwoEndedWork`):
/// every item is done exactly once, the owner's results come out in order, and a stored-fields file written
/// with a helper is byte for byte the file written by one thread.
@Suite struct TwoEndedWorkTests {
    /// Runs an owner and a helper on `count` items, each item taking the given microseconds on each side;
    /// returns the items the owner did, in order, and the helper's result.
    private func run(count: Int, ownerDelay: UInt32, helperDelay: UInt32) -> (owner: [Int], helped: TwoEndedWork<Int, [Int]>.Helped?) {
        let work = TwoEndedWork<Int, [Int]>(claimSize: 3)
        var owner: [Int] = []
        var helped: TwoEndedWork<Int, [Int]>.Helped?
        let opened = DispatchSemaphore(value: 0)
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                work.open(count: count, context: count)
                opened.signal()
                while let claimed = work.claimFront() {
                    for i in claimed {
                        usleep(ownerDelay)
                        owner.append(i)
                    }
                }
                helped = work.close()
            } else {
                opened.wait()
                guard let total = work.startHelping() else { return }
                var held: [Int] = []
                while let claimed = work.claimBack() {
                    for i in claimed.reversed() {
                        usleep(helperDelay)
                        held.append(i)
                    }
                }
                #expect(total == count)
                work.finishHelping(held: held, error: nil)
            }
        }
        return (owner, helped)
    }

    @Test(arguments: [(200, 200), (200, 20), (20, 200)])
    func everyItemIsDoneOnceAndTheTwoMeet(ownerDelay: Int, helperDelay: Int) throws {
        let count = 101
        let (owner, helped) = run(count: count, ownerDelay: UInt32(ownerDelay), helperDelay: UInt32(helperDelay))
        let helper = try #require(helped)
        // The owner did a prefix in order, the helper the rest, last first.
        #expect(owner == Array(0..<helper.start))
        #expect(helper.held == Array((helper.start..<count).reversed()))
        // The slower side did fewer items.
        if ownerDelay > helperDelay { #expect(owner.count < count / 2) }
        if ownerDelay < helperDelay { #expect(owner.count > count / 2) }
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

    /// Deferred chunks compressed by the writer and a helper give the file one thread writes, byte for byte.
    @Test func storedChunksWrittenWithAHelperAreTheFileOneThreadWrites() throws {
        let docs = storedDocuments(count: 6_000, seed: 21)
        let identity = FileIdentity.random()
        var helpedOnce = false
        for attempt in 0..<3 {
            let directory = MemoryDirectory()
            let alone = try StoredFieldsWriter(directory: directory, name: "alone.sto", identity: identity, trainingBytes: 64 << 10)
            for doc in docs { try alone.add(doc.fields, id: doc.doc.id) }
            _ = try alone.finish()

            let shared = try StoredFieldsWriter(directory: directory, name: "shared.sto", identity: identity, trainingBytes: 64 << 10)
            shared.defersCompression = true
            for doc in docs { try shared.add(doc.fields, id: doc.doc.id) }
            let work = StoredFieldsWriter.ChunkWork(claimSize: 1)
            let ownerDone = DispatchSemaphore(value: 0)
            var helped = false
            DispatchQueue.concurrentPerform(iterations: 2) { part in
                if part == 0 {
                    #expect(throws: Never.self) { try shared.writeDeferredChunks(sharing: work) }
                    ownerDone.signal()
                } else {
                    // Keeps trying until the writer opens its chunks (or is done without help).
                    while !helped, ownerDone.wait(timeout: .now()) == .timedOut {
                        helped = StoredFieldsWriter.compressChunksFromTheBack(work)
                    }
                }
            }
            _ = try shared.finish()
            let one = try #require(directory.contents(of: "alone.sto"))
            let two = try #require(directory.contents(of: "shared.sto"))
            #expect(one == two, "attempt \(attempt)")
            helpedOnce = helpedOnce || helped
        }
        #expect(helpedOnce)
    }
}
