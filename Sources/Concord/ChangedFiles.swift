import ConcordIngest

/// Reads the corpus files that changed since the last commit, keeping for each its manifest entry and
/// the indexed hash of every record. Documents are kept in memory while their text fits `budget` bytes;
/// past that, a file is read again when its documents are needed, so memory stays bounded.
struct ChangedFiles {
    let corpus: Corpus
    let budget: Int
    private(set) var hashes: [String: [UInt64]] = [:]
    private var kept: [String: [Document]] = [:]
    private var keptBytes = 0

    init(corpus: Corpus, budget: Int) {
        self.corpus = corpus
        self.budget = budget
    }

    /// Reads `file`, records its hashes, and returns its manifest entry.
    @discardableResult
    mutating func read(_ file: CorpusFile) throws -> CorpusManifest.Entry {
        try add(file, try corpus.read(file))
    }

    /// Records the hashes of `file`, already read as `contents`, and returns its manifest entry.
    mutating func add(_ file: CorpusFile, _ contents: CorpusFileContents) -> CorpusManifest.Entry {
        hashes[file.path] = contents.documents.map(DocumentAnalyzer.indexedHash)
        let bytes = contents.documents.reduce(0) { $0 + $1.title.utf8.count + $1.summary.utf8.count + $1.body.utf8.count + 64 }
        if keptBytes + bytes <= budget {
            kept[file.path] = contents.documents
            keptBytes += bytes
        }
        return CorpusManifest.Entry(path: file.path, size: file.size, modificationTime: file.modificationTime,
                                    contentHash: contents.contentHash, recordCount: contents.documents.count,
                                    records: contents.documents.map { .init(id: $0.id, line: $0.line) },
                                    diagnostics: contents.diagnostics)
    }

    /// The documents of `file`, from memory or read again.
    func documents(of file: CorpusFile) throws -> [Document] {
        if let documents = kept[file.path] { return documents }
        return try corpus.read(file).documents
    }

    /// Forgets the kept documents of a file once they are indexed.
    mutating func release(_ path: String) {
        if let documents = kept.removeValue(forKey: path) {
            keptBytes -= documents.reduce(0) { $0 + $1.title.utf8.count + $1.summary.utf8.count + $1.body.utf8.count + 64 }
        }
    }
}
