import ConcordStorage

/// Verifies an index at its newest commit: every file's checksum and framing, and the structural
/// invariants a reader relies on — terms strictly ascending, document frequencies equal to the postings
/// counted, frequencies equal to the positions listed, positions ascending and inside their field,
/// stored fields readable and naming the same id as the document table, deletion data consistent,
/// live ids unique. Files no commit names are leftovers of an interrupted run: warnings, not errors.
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

    public init(directory: Directory) { self.directory = directory }

    public func check() -> Report {
        var report = Report()
        let reader: IndexReader
        do {
            reader = try IndexReader(directory: directory)
        } catch {
            report.problems.append("\(error)")
            return report
        }
        report.segments = reader.segments.count
        report.documents = reader.liveDocumentCount
        let named = Set(reader.commit.fileNames + ["write.lock"])
        // Only index files: a folder may also hold files of its own (the repository keeps `Index/.gitignore`).
        for name in (try? directory.listFiles()) ?? [] where !named.contains(name) && IndexFiles.isIndexFile(name) {
            report.warnings.append("\(name) is not part of commit \(reader.commit.generation) (left by an interrupted run; the next `concord index` removes it)")
        }
        var liveIDs = Set<String>()
        for segment in reader.segments {
            do {
                try checkSegment(segment, report: &report, liveIDs: &liveIDs)
                try checkColumns(segment, report: &report)
            } catch {
                report.problems.append("\(error)")
            }
        }
        return report
    }

    private func checkSegment(_ segment: SegmentReader, report: inout Report, liveIDs: inout Set<String>) throws {
        let name = segment.info.name
        for doc in 0..<segment.maxDoc {
            let id = try segment.documentID(doc)
            let stored = try segment.storedFields(doc)
            if let storedID = stored.first(where: { $0.name == "id" })?.value, storedID != id {
                report.problems.append("\(name).sto: document \(doc) stores id \(storedID), the document table says \(id)")
            }
            if segment.isLive(doc), !liveIDs.insert(id).inserted {
                report.problems.append("\(name).dtb: id \(id) is live in more than one document")
            }
        }
        var previous: [UInt8]?
        try segment.forEachTerm { term, postingsValue in
            report.terms += 1
            if let previous, !previous.lexicographicallyPrecedes(term) {
                report.problems.append("\(name).tdi: terms out of order at \(String(decoding: term, as: UTF8.self))")
            }
            previous = term
            var postings = postingsValue
            var count = 0
            var last: Int32 = -1
            while try postings.next() != SegmentPostings.exhausted {
                count += 1
                let doc = postings.doc
                if doc <= last { report.problems.append("\(name).doc: documents out of order in a term's postings") }
                last = doc
                var total = 0
                for field in 0..<IndexField.count {
                    let frequency = postings.frequency(inField: field)
                    total += frequency
                    let positions = try postings.positions(inField: field)
                    if positions.count != frequency {
                        report.problems.append("\(name).pos: \(positions.count) positions for frequency \(frequency)")
                    }
                    let length = segment.fieldLength(Int(doc), field: field)
                    for (i, position) in positions.enumerated() {
                        if (i > 0 && position <= positions[i - 1]) || Int(position) >= length {
                            report.problems.append("\(name).pos: position \(position) out of order or beyond the field's \(length) tokens")
                            break
                        }
                    }
                }
                if total == 0 { report.problems.append("\(name).doc: a posting with no occurrences") }
            }
            if count != postings.documentFrequency {
                report.problems.append("\(name).tdi: document frequency \(postings.documentFrequency) but \(count) postings")
            }
        }
    }
}
