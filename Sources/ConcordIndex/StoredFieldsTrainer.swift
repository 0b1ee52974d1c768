import ConcordStorage
import Dispatch

/// Trains a stored-field dictionary while documents are still being added, instead of when a segment is
/// written (where training held up the write by about 0.1 s on the Debian corpus, with every document
/// already analyzed); `StoredEncodingPlan` gives the result to the next segment written.
///
/// It sees the documents from the first of a buffer on (after passing over `skipping` bytes of them),
/// possibly over several buffers, serializes them exactly as `StoredFieldsWriter` holds them for training
/// (the same field numbering, continuing the previous encoding's names), and once they reach the training
/// size (`StoredFieldsWriter.trainingBytes`) trains on them on another thread — the very documents, bytes
/// and dictionary size a writer would train on. Until then a segment takes the previous encoding, or,
/// with none, its writer trains on what it holds.
///
/// With a previous encoding that has a dictionary (the last segment's), the next documents (up to
/// `evaluationBytes`, documents not trained on) are compressed with both dictionaries, chunk by chunk as
/// the writer would, and the new dictionary is taken only when it saves at least `requiredSaving` of
/// them: a corpus that keeps its character keeps one dictionary (so the dictionaries a merged segment
/// collects stay few), one whose documents change gets a dictionary that fits them.
final class StoredFieldsTrainer: @unchecked Sendable {
    /// Serialized documents after the training ones that the two dictionaries are compared on.
    static let evaluationBytes = 256 * 1024
    /// The share of the evaluation documents' compressed size a new dictionary must save to replace
    /// the previous one (it costs its own bytes in the file, and one more dictionary for readers).
    static let requiredSaving = 0.03

    private let previous: StoredFieldsEncoding?
    private let trainingBytes: Int
    /// Serialized bytes (counted as their values' bytes) to pass over before holding documents.
    private let skipping: Int
    private var skipped = 0
    private var numbers: [String: Int] = [:]
    private var names: [String] = []
    private var held = ByteWriter()
    private var heldLengths: [Int] = []
    private var serialized = ByteWriter(capacity: 1024)
    private var started = false
    /// Whether the comparison with the previous dictionary has been queued (or is not needed).
    private var compared = false
    /// Runs training, then the comparison, in order.
    private let queue = DispatchQueue(label: "concord.stored.trainer")
    private let training = DispatchGroup()
    /// Set on `queue`; read after `training` is waited for.
    private var trained: StoredFieldsEncoding?

    /// `previous`: the encoding the segment would use without a dictionary of its own (its names keep
    /// their numbers); `trainingBytes`: the serialized documents to train on (the writer's).
    /// `skipping`: bytes of documents to pass over first (their field names are still numbered).
    init(previous: StoredFieldsEncoding?, trainingBytes: Int = StoredFieldsWriter.trainingBytes, skipping: Int = 0) {
        self.previous = previous
        self.trainingBytes = trainingBytes
        self.skipping = skipping
        names = previous?.names ?? []
        for (k, name) in names.enumerated() { numbers[name] = k + 1 }
        compared = (previous?.dictionary.isEmpty ?? true)
    }

    /// Takes the segment's next document (a no-op once training and evaluation have their documents).
    func add(_ fields: [(name: String, value: String)], id: String) {
        guard !(started && compared) else { return }
        if skipped < skipping {
            // Numbered as `serialize` numbers them, so that later names keep the writers' numbers.
            for field in fields where !(field.name == StoredFieldsEncoding.idName && field.value == id) && numbers[field.name] == nil {
                names.append(field.name)
                numbers[field.name] = names.count
            }
            skipped += fields.reduce(0) { $0 + $1.value.utf8.count }
            return
        }
        serialized.removeAll()
        StoredFieldsWriter.serialize(fields, id: id, into: &serialized) { name in
            if let number = numbers[name] { return number }
            names.append(name)
            numbers[name] = names.count
            return names.count
        }
        held.writeBytes(serialized.bytes)
        heldLengths.append(serialized.count)
        if !started {
            guard held.count >= trainingBytes else { return }
            started = true
            let (bytes, lengths, seenNames) = (held.bytes, heldLengths, names)
            held = ByteWriter()
            heldLengths = []
            queue.async(group: training) {
                self.trained = StoredFieldsEncoding(dictionary: StoredFieldsWriter.trainedDictionary(held: bytes, lengths: lengths),
                                                    names: seenNames)
            }
        } else if held.count >= Self.evaluationBytes {
            queueComparison()
        }
    }

    /// Queues the comparison of the trained dictionary with the previous one on the documents held
    /// since training started.
    private func queueComparison() {
        guard !compared, let previous else { return }
        compared = true
        let (bytes, lengths) = (held.bytes, heldLengths)
        held = ByteWriter()
        heldLengths = []
        queue.async(group: training) {
            guard let new = self.trained else { return }
            // The new dictionary is taken only when it proved smaller on documents held since training
            // started; with none held (a flush right after training started) the previous one stays.
            var proved = false
            if !lengths.isEmpty, let newSize = Self.compressedSize(bytes, lengths, dictionary: new.dictionary),
               let oldSize = Self.compressedSize(bytes, lengths, dictionary: previous.dictionary) {
                proved = Double(newSize) <= Double(oldSize) * (1 - Self.requiredSaving)
            }
            if !proved {
                // Names seen since keep the numbers the trainer gave them (they extend the previous names).
                self.trained = StoredFieldsEncoding(dictionary: previous.dictionary, names: new.names)
            }
        }
    }

    /// The size of serialized documents (`bytes`, one after another, of `lengths`) compressed in chunks
    /// as `StoredFieldsWriter` makes them; nil when the dictionary cannot be loaded.
    static func compressedSize(_ bytes: [UInt8], _ lengths: [Int], dictionary: [UInt8]) -> Int? {
        let format = StoredFieldsWriter.frameFormat
        guard let compressor = dictionary.isEmpty ? Compression.Compressor(level: StoredFieldsWriter.level, format: format)
                : try? Compression.Compressor(level: StoredFieldsWriter.level, dictionary: dictionary, format: format) else { return nil }
        var total = 0
        var chunk = ByteWriter(capacity: StoredFieldsWriter.chunkSize * 2)
        var start = 0
        func flush() -> Bool {
            guard chunk.count > 0, let compressed = try? chunk.bytes.withUnsafeBytes({ try compressor.compress($0) }) else { return chunk.count == 0 }
            total += compressed.count
            chunk.removeAll()
            return true
        }
        for length in lengths {
            chunk.writeVInt(length)
            chunk.writeBytes(Array(bytes[start..<(start + length)]))
            start += length
            if chunk.count >= StoredFieldsWriter.chunkSize, !flush() { return nil }
        }
        return flush() ? total : nil
    }

    /// Whether training has started (its result can be waited for).
    var hasStarted: Bool { started }

    /// The encoding the segment's writer should use (waiting for training and the comparison to end):
    /// the trained dictionary, or the previous one when the trained one does not save enough, with the
    /// names seen; nil when the documents taken never reached the training size.
    func encoding() -> StoredFieldsEncoding? {
        guard started else { return nil }
        queueComparison()
        training.wait()
        return trained
    }
}
