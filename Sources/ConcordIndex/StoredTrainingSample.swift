import ConcordStorage

/// Documents picked evenly from all those offered to it, for training a stored-field dictionary: every
/// `stride`-th document offered is held (its fields, by reference), and whenever the held documents'
/// sizes (their values' bytes plus one per field and one, so that no document is free) pass twice the
/// training size, every other held document is dropped and the stride doubles. Documents larger than
/// `StoredFieldsWriter.largestSample` are counted but never held (no dictionary is trained on them). So
/// memory stays bounded — documents of at most twice the training size, plus one — however many
/// documents come, and the documents held always span all of them.
///
/// A dictionary trained on a segment's first documents fits only those: on the ~450k-document corpus,
/// whose records come grouped by language, dictionaries trained on documents from across each segment
/// made the `.sto` 6.2% smaller than ones trained on its first 4 MiB, for the same training time.
///
/// `split(names:)` serializes the held documents as `StoredFieldsWriter` stores them, setting every 16th
/// aside for evaluation (a trained dictionary is compared with the previous one on documents it was not
/// trained on) and thinning the others evenly to the training size.
struct StoredTrainingSample: Sendable {
    typealias Fields = [(name: String, value: String)]

    /// The size of the documents to train on (the held documents may reach twice this).
    let trainingBytes: Int
    private var held: [(fields: Fields, id: String)] = []
    /// The size of each held document, and their sum.
    private var sizes: [Int] = []
    private var heldBytes = 0
    /// The number (in order offered) of each held document.
    private var ordinals: [Int] = []
    private var stride = 1
    /// Documents offered so far, and their sizes (see the type's description).
    private(set) var offered = 0
    private(set) var offeredBytes = 0

    /// Held documents set aside for evaluation: one in `evaluationSpacing`.
    static let evaluationSpacing = 16

    init(trainingBytes: Int) {
        self.trainingBytes = max(1, trainingBytes)
    }

    /// Takes the next document (held or passed over, see the type's description).
    mutating func offer(_ fields: Fields, id: String) {
        var size = 1 + fields.count
        for field in fields { size += field.value.utf8.count }
        defer {
            offered += 1
            offeredBytes += size
        }
        guard offered % stride == 0, size <= StoredFieldsWriter.largestSample else { return }
        held.append((fields, id))
        sizes.append(size)
        ordinals.append(offered)
        heldBytes += size
        if heldBytes > 2 * trainingBytes { thin() }
    }

    /// Drops the held documents that a doubled stride does not pick.
    private mutating func thin() {
        stride *= 2
        var kept = 0
        heldBytes = 0
        for k in held.indices where ordinals[k] % stride == 0 {
            (held[kept], sizes[kept], ordinals[kept]) = (held[k], sizes[k], ordinals[k])
            heldBytes += sizes[k]
            kept += 1
        }
        held.removeSubrange(kept...)
        sizes.removeSubrange(kept...)
        ordinals.removeSubrange(kept...)
    }

    /// Serialized documents back to back, with their lengths.
    struct Documents: Sendable {
        var bytes: [UInt8] = []
        var lengths: [Int] = []
    }

    /// The held documents, serialized with field names numbered from `names` on (new names appended in
    /// order of first use), parted into evaluation documents (every `evaluationSpacing`-th, from the
    /// `evaluationSpacing / 2`-th) and training documents (the others, evenly thinned to about
    /// `trainingBytes`), each part in the order offered.
    func split(names: [String]) -> (training: Documents, evaluation: Documents) {
        var numbers: [String: Int] = [:]
        for (k, name) in names.enumerated() { numbers[name] = k + 1 }
        var serialized = ByteWriter(capacity: 1024)
        func append(_ k: Int, to documents: inout Documents) {
            serialized.removeAll()
            StoredFieldsWriter.serialize(held[k].fields, id: held[k].id, into: &serialized) { name in
                if let number = numbers[name] { return number }
                numbers[name] = numbers.count + 1
                return numbers.count
            }
            documents.bytes.append(contentsOf: serialized.bytes)
            documents.lengths.append(serialized.count)
        }
        let spacing = Self.evaluationSpacing
        func isEvaluation(_ k: Int) -> Bool { k % spacing == spacing / 2 }
        var candidateBytes = 0
        for k in held.indices where !isEvaluation(k) { candidateBytes += sizes[k] }
        // Keeps a candidate whenever the running share of `trainingBytes` passes a whole document.
        let share = candidateBytes > trainingBytes ? Double(trainingBytes) / Double(candidateBytes) : 1
        var credit = 0.0
        var training = Documents()
        var evaluation = Documents()
        for k in held.indices {
            if isEvaluation(k) {
                append(k, to: &evaluation)
                continue
            }
            credit += share
            guard credit >= 1 - 1e-9 else { continue }
            credit -= 1
            append(k, to: &training)
        }
        return (training, evaluation)
    }
}
