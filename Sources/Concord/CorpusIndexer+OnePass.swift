import ConcordIndex
import ConcordIngest

extension CorpusIndexer {
    /// What a build from nothing read and added in one pass (see `addInOnePass`).
    struct OnePass {
        /// One entry per file read, in corpus order.
        var entries: [CorpusManifest.Entry] = []
        /// The files `entries` were read from (those that could not be opened are left out).
        var files: [CorpusFile] = []
        /// Files that could not be opened, reported as a two-pass build reports them.
        var problems: [CorpusDiagnostic] = []
        /// Documents added: every record, since no id occurred twice.
        var documentCount = 0
    }

    /// Why a one-pass build stopped: what it added so far is not what a build from nothing holds.
    private enum OnePassStop: Error {
        /// An id hash seen before: the id may occur twice, and its earlier record must not be in the index.
        case idMayRepeat
        /// A file failed, turned out to be binary or changed length while read, after some of its documents
        /// were added (a two-pass build leaves a failed or binary file out, and reads a changed one again).
        case failedPartWay
    }

    /// A build from nothing reading each file once: every document goes to the writer as it is read, while
    /// its id and line are kept for the manifest. That is exactly the two-pass build (read every id, resolve
    /// duplicates, read again and add the winners) as long as no id occurs twice, since then every record
    /// wins and is added in corpus order. The first id whose hash was seen before (a duplicate, or rarely a
    /// hash collision), or a file that fails after some of its documents were added, stops the pass: it
    /// returns nil with the documents added so far still uncommitted, and the caller discards them and
    /// builds in two passes. A file that cannot be opened is reported and left out, as in two passes.
    ///
    /// Memory: the ids (as in two passes) and 5–11 bytes per record of hash tags (`SeenIDHashes`), less than
    /// the 16-byte pairs per record (and the sort's scratch) the two-pass build sorts to resolve duplicates.
    func addInOnePass(_ files: [CorpusFile], corpus: Corpus, writer: IndexWriter, analyzer: DocumentAnalyzer,
                      settings: IndexSettings, progress: Progress?) throws -> OnePass? {
        var result = OnePass()
        var seen = SeenIDHashes()
        let totalBytes = files.reduce(0) { $0 + Int($1.size) }
        var readBytes = 0          // of the files done
        // `total` is not known before every record is read: estimated from the bytes read so far.
        let batch = try AnalysisBatch(analyzer: analyzer, settings: settings, writer: writer, total: 0, progress: progress)
        defer { batch.waitForPendingAdds() }
        do {
            for file in files {
                var records = CorpusManifest.RecordList()
                var fileBytes = 0      // about the bytes of the documents read from `file` (for the estimate)
                let scanned: (diagnostics: [CorpusDiagnostic], contentHash: UInt64)
                do {
                    // Read once: a file found binary after some of its documents were added ends the pass.
                    guard let once = try corpus.scanInOnePass(file, { document in
                        var id = document.id
                        id.withUTF8 { records.append(id: UnsafeRawBufferPointer($0), line: document.line) }
                        if seen.isFull {
                            // Filled again from every id so far (the earlier files' and this one's).
                            let refilled = seen.grow { add in
                                for entry in result.entries {
                                    for r in entry.records.indices { add(entry.records.idHash(at: r)) }
                                }
                                for r in records.indices.dropLast() { add(records.idHash(at: r)) }
                            }
                            guard refilled else { throw OnePassStop.idMayRepeat }
                        }
                        guard seen.insert(records.idHash(at: records.count - 1)) else { throw OnePassStop.idMayRepeat }
                        fileBytes += document.id.utf8.count + document.title.utf8.count + document.summary.utf8.count
                            + document.body.utf8.count + 64
                        if records.count % AnalysisBatch.size == 0 {
                            let done = readBytes + min(fileBytes, Int(file.size))
                            batch.total = max(result.documentCount + records.count,
                                              Int(Double(result.documentCount + records.count) * Double(totalBytes) / Double(max(done, 1))))
                        }
                        try batch.add(document)
                    }) else { throw OnePassStop.failedPartWay }
                    scanned = once
                } catch let error as CorpusError {
                    guard records.isEmpty else { throw OnePassStop.failedPartWay }
                    result.problems.append(Self.diagnostic(error, path: file.path))
                    continue
                }
                readBytes += Int(file.size)
                result.documentCount += records.count
                result.files.append(file)
                result.entries.append(CorpusManifest.Entry(path: file.path, size: file.size, modificationTime: file.modificationTime,
                                                           contentHash: scanned.contentHash, recordCount: records.count,
                                                           records: records, diagnostics: scanned.diagnostics))
            }
            batch.total = result.documentCount
            try batch.finish()
        } catch is OnePassStop {
            return nil
        }
        return result
    }
}
