/// Picks the documents a segment's stored-field dictionary is trained on while documents are added: a
/// `StoredTrainingSample` spread over every document it is given, from the first of a buffer on (after
/// passing over `skipping` bytes of them), possibly over several buffers. Once it has seen the training
/// size (`StoredFieldsWriter.trainingBytes`) of documents, `training(against:)` starts a
/// `StoredDictionaryTraining` on them, which the next segment's writer waits for only when it compresses;
/// until then a segment takes the previous encoding, or, with none, its writer trains on what it holds.
///
/// Documents are held by reference and serialized only for training (on the training's thread), so a
/// document costs the trainer little more than counting its bytes.
struct StoredFieldsTrainer {
    /// Bytes of values to pass over before sampling documents.
    private let skipping: Int
    private var skipped = 0
    private var sample: StoredTrainingSample

    /// `trainingBytes`: the bytes of values to train on (the writer's); `skipping`: bytes of values to pass
    /// over first.
    init(trainingBytes: Int = StoredFieldsWriter.trainingBytes, skipping: Int = 0) {
        self.skipping = skipping
        sample = StoredTrainingSample(trainingBytes: trainingBytes)
    }

    /// Takes the segment's next document.
    mutating func add(_ fields: [(name: String, value: String)], id: String) {
        if skipped < skipping {
            for field in fields { skipped += field.value.utf8.count }
            return
        }
        sample.offer(fields, id: id)
    }

    /// Whether the documents seen reach the training size (a dictionary can be trained on them).
    var isReady: Bool { sample.offeredBytes >= sample.trainingBytes }

    /// Starts training on the sample (on another thread), against `current`, the encoding the segment
    /// would use without a dictionary of its own (its names number the sample's fields first).
    func training(against current: StoredFieldsEncoding) -> StoredDictionaryTraining {
        StoredDictionaryTraining(sample: sample, names: current.names, previous: current.dictionary)
    }
}
