/// Chooses the stored-field encoding of each segment an `IndexWriter` flushes: the last segment's (so
/// field names keep their numbers and merges copy chunks), with a new dictionary when a
/// `StoredFieldsTrainer`'s sample trained one that compresses documents it was not trained on better.
///
/// A trainer sees every added document from the start of a buffer and may go on over several buffers:
/// segments smaller than the training size (a small `--ram-budget`) still get dictionaries trained on
/// enough text, one per training size of documents at most. When a trained dictionary is not taken
/// (the text keeps its character), the next trainer first passes over as many documents as the gap
/// before it, which doubles each time, so a uniform corpus costs a number of trainings logarithmic in its
/// size; a dictionary taken resets the gap to one training size (at most one training per two training
/// sizes of documents: on the ~450k corpus at a 24 MiB budget, where segments are far smaller than the
/// training size, trainings without that gap cost 15% more build CPU).
struct StoredEncodingPlan {
    /// Whether a trainer samples documents as they are added (else only a writer with no encoding to
    /// take trains one, on the documents it writes).
    var trainsAhead = true
    /// Bytes of stored values a dictionary is trained on.
    var trainingBytes = StoredFieldsWriter.trainingBytes
    /// The encoding the next segment starts from: the last segment's (at first the largest committed
    /// segment's, when it has a dictionary).
    private(set) var encoding: StoredFieldsEncoding?
    /// New dictionaries taken from trainers so far.
    private(set) var newDictionaries = 0
    private var trainer: StoredFieldsTrainer?
    /// Bytes of stored values the next trainer passes over before it samples documents.
    private var gap = 0
    /// The dictionary a training handed to the segment being written must beat (nil: none handed out).
    private var beaten: [UInt8]?

    /// Takes the next added document; `startsBuffer` when it is the first of a buffer; `committed` gives
    /// the encoding of the largest committed segment (asked at most until one is known).
    mutating func add(_ document: AnalyzedDocument, startsBuffer: Bool, committed: () -> StoredFieldsEncoding?) {
        if startsBuffer && trainsAhead && trainer == nil {
            if encoding == nil { encoding = committed() }
            trainer = StoredFieldsTrainer(trainingBytes: trainingBytes, skipping: gap)
        }
        trainer?.add(document.storedFields, id: document.id)
    }

    /// The encoding for the segment about to be written (nil: its writer trains one), and the training
    /// its writer takes the dictionary from when the trainer has seen enough documents (started here, on
    /// another thread; the encoding's names are kept). Otherwise the trainer goes on.
    mutating func encodingForFlush(committed: () -> StoredFieldsEncoding?) -> (encoding: StoredFieldsEncoding?, training: StoredDictionaryTraining?) {
        if encoding == nil { encoding = committed() }
        guard let trainer, trainer.isReady else {
            beaten = nil
            return (encoding, nil)
        }
        self.trainer = nil
        let current = encoding ?? StoredFieldsEncoding(dictionary: [], names: [])
        beaten = current.dictionary
        return (current, trainer.training(against: current))
    }

    /// Records the encoding a segment was written with (its names extended by its documents), and
    /// whether a training handed to it gave a new dictionary.
    mutating func flushed(_ written: StoredFieldsEncoding) {
        if let beaten {
            if written.dictionary != beaten {
                newDictionaries += 1
                gap = trainingBytes
            } else {
                gap = max(2 * gap, trainingBytes)
            }
            self.beaten = nil
        }
        encoding = written
    }

    /// Drops the trainer (its documents were rolled back).
    mutating func reset() {
        trainer = nil
        beaten = nil
    }
}
