import ConcordIngest
import Dispatch

/// Computes `DocumentAnalyzer.indexedHash` of batches of documents on a thread of its own, batch after batch
/// in the order given, while the caller goes on reading the corpus (whose decoding runs on one core, so the
/// other is free for hashing). At most `maxPending` batches are handed over and not yet hashed: a caller
/// that reads faster than this hashes waits, so the documents held stay bounded.
final class BackgroundHasher: @unchecked Sendable {
    private let queue = DispatchQueue(label: "concord.read.hash")
    private let slots: DispatchSemaphore
    /// Touched only on `queue`.
    private var hashes: [UInt64] = []

    init(maxPending: Int = 2) {
        slots = DispatchSemaphore(value: max(1, maxPending))
    }

    /// Hands over the next batch (waiting while `maxPending` batches are not hashed yet).
    func add(_ documents: [Document]) {
        guard !documents.isEmpty else { return }
        slots.wait()
        queue.async {
            // By index: `for document in documents` copies each document (a retain of each of its strings).
            for d in documents.indices { self.hashes.append(DocumentAnalyzer.indexedHash(documents[d])) }
            self.slots.signal()
        }
    }

    /// Waits for every batch handed over; the hashes of all their documents, in order.
    func finish() -> [UInt64] {
        queue.sync { hashes }
    }
}
