/// Chooses the stored-field encoding of each segment an `IndexWriter` flushes: the last segment's (so
/// field names keep their numbers and merges copy chunks), with a new dictionary when a
/// `StoredFieldsTrainer` trained one that compresses the documents after its training ones better.
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
    /// Whether dictionaries are trained while documents are added (else only a writer with no encoding
    /// to take trains one, at write time).
    var trainsAhead = true
    /// Serialized documents a dictionary is trained on.
    var trainingBytes = StoredFieldsWriter.trainingBytes
    /// The encoding the next segment starts from: the last segment's (at first the largest committed
    /// segment's, when it has a dictionary).
    private(set) var encoding: StoredFieldsEncoding?
    /// New dictionaries taken from trainers so far.
    private(set) var newDictionaries = 0
    private var trainer: StoredFieldsTrainer?
    /// Serialized bytes the next trainer passes over before it holds documents.
    private var gap = 0

    /// Takes the next added document; `startsBuffer` when it is the first of a buffer; `committed` gives
    /// the encoding of the largest committed segment (asked at most until one is known).
    mutating func add(_ document: AnalyzedDocument, startsBuffer: Bool, committed: () -> StoredFieldsEncoding?) {
        if startsBuffer && trainsAhead && trainer == nil {
            if encoding == nil { encoding = committed() }
            trainer = StoredFieldsTrainer(previous: encoding, trainingBytes: trainingBytes, skipping: gap)
        }
        trainer?.add(document.storedFields, id: document.id)
    }

    /// The encoding for the segment about to be written (nil: its writer trains one). Takes the
    /// trainer's result when its training has started (waiting for it to end), else lets it go on.
    mutating func encodingForFlush(committed: () -> StoredFieldsEncoding?) -> StoredFieldsEncoding? {
        if encoding == nil { encoding = committed() }
        guard let trainer, trainer.hasStarted else { return encoding }
        self.trainer = nil
        guard let trained = trainer.encoding() else { return encoding }
        // Both name lists number the same documents in order; the longer one holds both.
        let current = encoding?.names ?? []
        guard trained.names.starts(with: current) || current.starts(with: trained.names) else { return encoding }
        if trained.dictionary != encoding?.dictionary {
            newDictionaries += 1
            gap = trainingBytes
        } else {
            gap = max(2 * gap, trainingBytes)
        }
        encoding = StoredFieldsEncoding(dictionary: trained.dictionary,
                                        names: trained.names.count > current.count ? trained.names : current)
        return encoding
    }

    /// Records the encoding a segment was written with (its names extended by its documents).
    mutating func flushed(_ written: StoredFieldsEncoding) {
        encoding = written
    }

    /// Drops the trainer (its documents were rolled back).
    mutating func reset() {
        trainer = nil
    }
}
