import ConcordStorage

/// Verifies an index at its newest commit: every file's checksum, framing and segment identity, and
/// every structural invariant a search relies on:
///
/// - commit: settings and user data accepted by `validateCommit` (the pipeline's settings JSON and
///   corpus manifest); segment entries agree with the document tables and deletion files;
/// - term dictionary: every block starts where the block index says, blocks end where the index
///   starts, terms strictly ascending, each term's document frequency equal to its postings counted;
/// - postings: each term's postings start where the previous term's end and the last ends at the end of
///   the file (the same for positions); every skip entry's last document, block offset, position offset,
///   largest frequency and smallest field length equal to what its block holds; documents ascending
///   inside the segment, frequencies equal to the positions listed, positions ascending and inside their
///   field, no two terms at the same position of a field, term frequencies of a document adding up to
///   no more than its field length;
/// - stored fields: chunks contiguous, each decompressing to exactly the documents the chunk index gives
///   it, every field valid UTF-8, the stored id equal to the document table's;
/// - document table: ids valid UTF-8, live ids unique; deletion data consistent;
/// - with `reanalyze`: every document's stored text analyzes to exactly the terms the postings hold at
///   each position of each field.
///
/// Files no commit names are leftovers of an interrupted run: warnings, not errors.
public struct IndexChecker {
    /// The outcome: problems make the index unusable; warnings do not.
    public struct Report: Sendable {
        public var problems: [String] = []
        public var warnings: [String] = []
        public var documents = 0
        public var segments = 0
        public var terms = 0
        public var isHealthy: Bool { problems.isEmpty }
    }

    public let directory: Directory
    /// Validates what the index layer stores for its user: the commit's settings and user data.
    public let validateCommit: ((Commit) throws -> Void)?
    /// The terms (with positions) of each indexed field that a document's stored fields analyze to.
    public typealias Reanalysis = (_ storedFields: [(name: String, value: String)]) throws -> [[(term: String, position: Int)]]
    /// When given, every document's stored text is analyzed again and each token must be the term the
    /// postings hold at its position (and the field's length its token count): this catches a term
    /// renamed into another valid term, or stored text that no longer matches what was indexed.
    public let reanalyze: Reanalysis?

    public init(directory: Directory, validateCommit: ((Commit) throws -> Void)? = nil, reanalyze: Reanalysis? = nil) {
        self.directory = directory
        self.validateCommit = validateCommit
        self.reanalyze = reanalyze
    }

    public func check() -> Report {
        var report = Report()
        let reader: IndexReader
        do {
            reader = try IndexReader(directory: directory, verifyChecksums: true)
        } catch {
            report.problems.append("\(error)")
            return report
        }
        report.segments = reader.segments.count
        report.documents = reader.liveDocumentCount
        let commitName = Commit.fileName(generation: reader.commit.generation)
        do {
            try validateCommit?(reader.commit)
        } catch {
            report.problems.append("\(commitName): \(error)")
        }
        let named = Set(reader.commit.fileNames + ["write.lock"])
        // Only index files: a folder may also hold files of its own (the repository keeps `Index/.gitignore`).
        for name in (try? directory.listFiles()) ?? [] where !named.contains(name) && IndexFiles.isIndexFile(name) {
            report.warnings.append("\(name) is not part of commit \(reader.commit.generation) (left by an interrupted run; the next `concord index` removes it)")
        }
        var liveIDs = Set<String>()
        for segment in reader.segments {
            do {
                try checkDocuments(segment, report: &report, liveIDs: &liveIDs)
                try segment.verifyTermLayout()
                try checkPostings(segment, report: &report)
                try checkColumns(segment, report: &report)
            } catch {
                report.problems.append("\(error)")
            }
        }
        return report
    }

    private func checkDocuments(_ segment: SegmentReader, report: inout Report, liveIDs: inout Set<String>) throws {
        let name = segment.info.name
        try segment.verifyStoredChunks()
        try segment.verifyIDBlocks()
        for doc in 0..<segment.maxDoc {
            let id = try segment.validatedDocumentID(doc)
            let stored = try segment.storedFields(doc)
            if let storedID = stored.first(where: { $0.name == "id" })?.value, storedID != id {
                report.problems.append("\(name).sto: document \(doc) stores id \(storedID), the document table says \(id)")
            }
            if segment.isLive(doc), !liveIDs.insert(id).inserted {
                report.problems.append("\(name).dtb: id \(id) is live in more than one document")
            }
        }
    }
}
