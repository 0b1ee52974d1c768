import ConcordStorage
import Dispatch

/// A stored-field dictionary trained on another thread from a `StoredTrainingSample`, from the moment it
/// is made, and compared with the dictionary it would replace. `dictionary()` waits for the choice: the
/// trained dictionary when there is no previous one, or when it compresses the sample's evaluation
/// documents (which it was not trained on) at least `requiredSaving` smaller than the previous one does;
/// else the previous one. So a corpus that keeps its character keeps one dictionary (the dictionaries a
/// merged segment collects stay few), and one whose documents change gets a dictionary that fits them.
///
/// A segment writer is handed one when a segment is flushed: the training runs while the segment's
/// postings and stored documents are written, and only compressing the stored chunks waits for it.
final class StoredDictionaryTraining: @unchecked Sendable {
    /// The share of the evaluation documents' compressed size a new dictionary must save to replace
    /// the previous one (it costs its own bytes in the file, and one more dictionary for readers).
    static let requiredSaving = 0.03

    /// The dictionary to beat (empty for none).
    let previous: [UInt8]
    private let done = DispatchGroup()
    /// Set on the training thread; read after `done` is waited for.
    private var chosen: [UInt8] = []

    /// Starts training on `sample`, serialized with field names numbered from `names` on.
    init(sample: StoredTrainingSample, names: [String], previous: [UInt8]) {
        self.previous = previous
        // A queue of its own gets a thread at once (the global queues' threads may all be busy writing).
        DispatchQueue(label: "concord.stored.training").async(group: done) {
            self.chosen = Self.chosenDictionary(for: sample, names: names, previous: previous)
        }
    }

    /// The chosen dictionary (empty for none), once training and comparison are over.
    func dictionary() -> [UInt8] {
        done.wait()
        return chosen
    }

    /// The choice a training makes, on the calling thread: a dictionary trained on `sample` (serialized
    /// with names numbered from `names` on), or `previous` when that is non-empty and the trained one does
    /// not save `requiredSaving` on the sample's evaluation documents (or training fails).
    static func chosenDictionary(for sample: StoredTrainingSample, names: [String], previous: [UInt8]) -> [UInt8] {
        let parts = sample.split(names: names)
        let trained = StoredFieldsWriter.trainedDictionary(held: parts.training.bytes, lengths: parts.training.lengths)
        guard !previous.isEmpty else { return trained }
        // With nothing to compare on (or a failed training) the previous dictionary stays.
        guard !trained.isEmpty, !parts.evaluation.lengths.isEmpty,
              let newSize = compressedSize(parts.evaluation, dictionary: trained),
              let oldSize = compressedSize(parts.evaluation, dictionary: previous) else { return previous }
        return Double(newSize) <= Double(oldSize) * (1 - requiredSaving) ? trained : previous
    }

    /// The size of serialized documents compressed in chunks as `StoredFieldsWriter` makes them; nil when
    /// the dictionary cannot be loaded.
    static func compressedSize(_ documents: StoredTrainingSample.Documents, dictionary: [UInt8]) -> Int? {
        let format = StoredFieldsWriter.frameFormat
        guard let compressor = dictionary.isEmpty ? Compression.Compressor(level: StoredFieldsWriter.level, format: format)
                : try? Compression.Compressor(level: StoredFieldsWriter.level, dictionary: dictionary, format: format) else { return nil }
        var total = 0
        var chunk = ByteWriter(capacity: StoredFieldsWriter.chunkSize * 2)
        func flush() -> Bool {
            guard chunk.count > 0 else { return true }
            guard let compressed = try? chunk.bytes.withUnsafeBytes({ try compressor.compress($0) }) else { return false }
            total += compressed.count
            chunk.removeAll()
            return true
        }
        var start = 0
        documents.bytes.withUnsafeBufferPointer { bytes in
            for length in documents.lengths {
                chunk.writeVInt(length)
                chunk.writeBytes(UnsafeBufferPointer(rebasing: bytes[start..<(start + length)]))
                start += length
                if chunk.count >= StoredFieldsWriter.chunkSize, !flush() { total = -1; return }
            }
        }
        return total >= 0 && flush() ? total : nil
    }
}
