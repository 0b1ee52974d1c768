import ConcordIngest
import Dispatch

/// Reads the corpus files that changed since the last commit, keeping for each its manifest entry and
/// the indexed hash of every record. Files are streamed (`Corpus.scan`), so reading never holds more
/// than one record beyond what is kept; a file's documents are kept in memory only while all of them
/// fit `budget` bytes, otherwise the file is streamed again when its documents are added.
struct ChangedFiles {
    let corpus: Corpus
    let budget: Int
    private(set) var hashes: [String: [UInt64]] = [:]
    private var kept: [String: [Document]] = [:]
    private var keptBytes = 0
    /// Keep the hashes of a file only while its documents are kept (a file streamed again then has an
    /// empty hash list): for a build from nothing, where hashes are only handed on with kept documents.
    var hashesOnlyForKeptFiles = false

    init(corpus: Corpus, budget: Int) {
        self.corpus = corpus
        self.budget = budget
    }

    private static func size(of document: Document) -> Int {
        document.title.utf8.count + document.summary.utf8.count + document.body.utf8.count + 256
    }

    /// Streams `file`, records its hashes, and returns its manifest entry.
    @discardableResult
    mutating func read(_ file: CorpusFile) throws -> CorpusManifest.Entry {
        var records = CorpusManifest.RecordList()
        var documents: [Document]? = []
        var bytes = 0
        // Hashing every byte of every record is a good part of reading: documents are hashed a batch at a
        // time (at most `hashBatch` of them, and beyond `hashBatchBytes` only the last) on a thread of
        // their own while this one goes on decoding.
        let hasher = BackgroundHasher()
        var unhashed: [Document] = []
        var unhashedBytes = 0
        unhashed.reserveCapacity(Self.hashBatch)
        let (diagnostics, contentHash) = try corpus.scan(file) { document in
            // Hashes that would be thrown away (a file streamed again on a build from nothing, whose
            // documents get their hashes when they are added) are not computed.
            if documents != nil || !hashesOnlyForKeptFiles {
                unhashed.append(document)
                unhashedBytes += Self.size(of: document)
                if unhashed.count == Self.hashBatch || unhashedBytes >= Self.hashBatchBytes {
                    hasher.add(unhashed)
                    unhashed.removeAll(keepingCapacity: true)
                    unhashedBytes = 0
                }
            }
            var id = document.id
            id.withUTF8 { records.append(id: UnsafeRawBufferPointer($0), line: document.line) }
            guard documents != nil else { return }
            bytes += Self.size(of: document)
            if keptBytes + bytes <= budget {
                documents?.append(document)
            } else {
                documents = nil      // too big to keep: streamed again when added
            }
        }
        hasher.add(unhashed)
        let fileHashes = hasher.finish()
        hashes[file.path] = documents == nil && hashesOnlyForKeptFiles ? [] : fileHashes
        if let documents {
            kept[file.path] = documents
            keptBytes += bytes
        }
        return CorpusManifest.Entry(path: file.path, size: file.size, modificationTime: file.modificationTime,
                                    contentHash: contentHash, recordCount: records.count, records: records,
                                    diagnostics: diagnostics)
    }

    static let hashBatch = 256
    static let hashBatchBytes = 1 << 20

    /// Whether `path`'s documents are held in memory (so `hashes[path]` are those of the very documents
    /// `forEachDocument` hands out, not of a file that may have changed since it was read).
    func keepsDocuments(of path: String) -> Bool { kept[path] != nil }

    /// Calls `body` with each document of `file` and its record index, from memory or streamed again.
    func forEachDocument(of file: CorpusFile, _ body: (Int, Document) throws -> Void) throws {
        if let documents = kept[file.path] {
            // By index: enumerating copies each document (a retain of each of its strings).
            for index in documents.indices { try body(index, documents[index]) }
            return
        }
        var index = 0
        // Its fingerprint and diagnostics are known from `read`: only the documents are read again.
        try corpus.scanDocuments(file) { document in
            try body(index, document)
            index += 1
        }
    }

    /// Forgets the kept documents of a file once they are indexed.
    mutating func release(_ path: String) {
        if let documents = kept.removeValue(forKey: path) {
            keptBytes -= documents.reduce(0) { $0 + Self.size(of: $1) }
        }
    }
}
