import Testing
@testable import ConcordIndex
import ConcordStorage

/// A training sample holds documents from across everything offered, within bounded memory, and keeps
/// its evaluation documents apart from its training documents.
@Suite struct StoredTrainingSampleTests {
    /// The document numbers (`#n;` markers in the values) in serialized documents.
    private func numbers(in documents: StoredTrainingSample.Documents) -> [Int] {
        var found: [Int] = []
        var start = 0
        for length in documents.lengths {
            // The value's length (a byte that may itself read as "#") comes before the marker.
            let bytes = Array(documents.bytes[start..<(start + length)])
            start += length
            guard let hash = bytes.indices.first(where: { bytes[$0] == UInt8(ascii: "#") && $0 + 1 < bytes.count
                                                            && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[$0 + 1]) }),
                  let end = bytes[hash...].firstIndex(of: UInt8(ascii: ";")),
                  let number = Int(String(decoding: bytes[(hash + 1)..<end], as: UTF8.self)) else { continue }
            found.append(number)
        }
        return found
    }

    @Test(arguments: [300, 5_000, 40_000])
    func documentsComeFromAllThatWasOffered(count: Int) {
        let trainingBytes = 20_000
        var sample = StoredTrainingSample(trainingBytes: trainingBytes)
        var rng = SeededGenerator(seed: UInt64(count))
        var offeredBytes = 0
        for i in 0..<count {
            let filler = String(repeating: "x", count: Int(rng.next() % 150))
            let fields: [(name: String, value: String)] = [("id", "d\(i)"), ("body", "#\(i); \(filler)")]
            offeredBytes += 1 + fields.count + fields.reduce(0) { $0 + $1.value.utf8.count }
            sample.offer(fields, id: "d\(i)")
        }
        #expect(sample.offered == count && sample.offeredBytes == offeredBytes)
        let (training, evaluation) = sample.split(names: [])
        let trained = numbers(in: training)
        let evaluated = numbers(in: evaluation)
        #expect(trained.count == training.lengths.count && evaluated.count == evaluation.lengths.count)
        #expect(training.bytes.count == training.lengths.reduce(0, +) && evaluation.bytes.count == evaluation.lengths.reduce(0, +))
        #expect(Set(trained).isDisjoint(with: evaluated), "a document both trained on and evaluated")
        #expect(trained == trained.sorted() && evaluated == evaluated.sorted(), "parts keep the order offered")
        // Spread: the training part reaches from the first tenth to the last tenth of what was offered.
        #expect(trained.first.map { $0 < count / 10 } ?? false)
        #expect(trained.last.map { $0 >= count - count / 10 } ?? false)
        #expect(!evaluated.isEmpty && evaluated.last.map { $0 >= count / 2 } ?? false)
        if offeredBytes > 2 * trainingBytes {
            // About the training size (values plus a few bytes of framing each), never all of it.
            #expect(training.bytes.count <= trainingBytes + 8 * training.lengths.count + 200)
            #expect(training.bytes.count >= trainingBytes / 3)
            // One in 16 of the held documents is evaluated; held documents are at most twice the training size.
            #expect(evaluation.bytes.count <= 2 * trainingBytes / 16 + 8 * evaluation.lengths.count + 200)
        } else {
            // Everything is held: every 16th document (from the 8th) is evaluated.
            #expect(evaluated == Array(stride(from: 8, to: count, by: 16)))
        }
    }

    /// Documents without values still count, so a stream of them stays within the bound; a document
    /// larger than any training sample is counted but not held, and does not crowd the others out.
    @Test func emptyAndHugeDocumentsKeepTheSampleBounded() {
        var sample = StoredTrainingSample(trainingBytes: 1_000)
        let huge = String(repeating: "y", count: StoredFieldsWriter.largestSample + 1)
        sample.offer([("body", huge)], id: "huge")
        for i in 0..<100_000 { sample.offer([], id: "e\(i)") }
        for i in 0..<2_000 { sample.offer([("body", "#\(i); words")], id: "d\(i)") }
        let (training, evaluation) = sample.split(names: [])
        #expect(training.lengths.count + evaluation.lengths.count <= 2_000, "held documents past twice the training size")
        #expect(training.lengths.allSatisfy { $0 <= StoredFieldsWriter.largestSample })
        // The later documents with text are still sampled.
        #expect(!numbers(in: training).isEmpty)
    }

    /// Serialization numbers names from the names given on, as a writer with that encoding would.
    @Test func documentsAreSerializedAsAWriterStoresThem() {
        var sample = StoredTrainingSample(trainingBytes: 1 << 20)
        let fields: [(name: String, value: String)] = [("id", "a"), ("title", "T"), ("extra", "E")]
        sample.offer(fields, id: "a")
        let (training, _) = sample.split(names: ["summary", "title"])
        var expected = ByteWriter()
        StoredFieldsWriter.serialize(fields, id: "a", into: &expected) { ["summary": 1, "title": 2, "extra": 3][$0]! }
        #expect(training.bytes == expected.bytes && training.lengths == [expected.count])
    }
}
