/// A segment built in memory from stored-field dictionaries, analyzing "title", "summary" and "body"
/// with a tokenizer. Straightforward by design: it is the reference the on-disk index is tested against
/// and the fixture for search tests. Field lengths count every token (stop words included).
public struct InMemorySegment: SearchableSegment {
    public typealias Cursor = InMemoryPostingsCursor

    private let documents: [[String: String]]
    private let lengths: [[Int]]
    private let postingsByTerm: [String: [InMemoryPostingsCursor.Posting]]
    private var deleted: Set<Int32> = []
    /// Per field, the summed lengths of live documents (kept up to date by `delete`).
    private(set) var liveFieldLengths: [Int]

    public init(documents: [[String: String]], tokenizer: some TextTokenizing) {
        self.documents = documents
        var lengths: [[Int]] = []
        var byTerm: [String: [InMemoryPostingsCursor.Posting]] = [:]
        for (number, fields) in documents.enumerated() {
            let doc = Int32(clamping: number)
            var fieldLengths: [Int] = []
            var positionsByTerm: [String: [[Int32]]] = [:]
            for field in SearchField.allCases {
                let tokens = tokenizer.tokens(fields[field.storedKey] ?? "")
                fieldLengths.append(tokens.count)
                for token in tokens {
                    positionsByTerm[token.term, default: [[], [], []]][field.rawValue].append(Int32(clamping: token.position))
                }
            }
            lengths.append(fieldLengths)
            for (term, positions) in positionsByTerm {
                byTerm[term, default: []].append(.init(doc: doc, positions: positions))
            }
        }
        self.lengths = lengths
        self.postingsByTerm = byTerm
        self.liveFieldLengths = (0..<SearchField.count).map { field in lengths.reduce(0) { $0 + $1[field] } }
    }

    /// Marks `doc` deleted; it stays in postings (as in a real segment) but is no longer live.
    public mutating func delete(_ doc: Int32) {
        guard doc >= 0, doc < maxDoc, deleted.insert(doc).inserted else { return }
        for field in 0..<SearchField.count { liveFieldLengths[field] -= lengths[Int(doc)][field] }
    }

    public func liveDocumentFrequency(of term: String) throws -> Int {
        guard let postings = postingsByTerm[term] else { return 0 }
        if deleted.isEmpty { return postings.count }
        return postings.reduce(0) { $0 + (deleted.contains($1.doc) ? 0 : 1) }
    }

    public var maxDoc: Int32 { Int32(clamping: documents.count) }

    public func isLive(_ doc: Int32) -> Bool {
        doc >= 0 && doc < maxDoc && (deleted.isEmpty || !deleted.contains(doc))
    }

    public func fieldLength(_ doc: Int32, field: Int) -> Int {
        guard doc >= 0, doc < maxDoc, lengths[Int(doc)].indices.contains(field) else { return 0 }
        return lengths[Int(doc)][field]
    }

    public func forEachTerm(withPrefix prefix: String, _ body: (String, Int) throws -> Bool) throws {
        let matching = postingsByTerm.keys.filter { $0.utf8.starts(with: prefix.utf8) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for term in matching {
            guard try body(term, postingsByTerm[term]?.count ?? 0) else { return }
        }
    }

    public func postings(for term: String) throws -> InMemoryPostingsCursor? {
        postingsByTerm[term].map { InMemoryPostingsCursor(postings: $0) }
    }

    public func documentID(_ doc: Int32) throws -> String {
        try storedFields(doc)["id"] ?? String(doc)
    }

    public func storedFields(_ doc: Int32) throws -> [String: String] {
        guard doc >= 0, doc < maxDoc else { return [:] }
        return documents[Int(doc)]
    }

    /// Live document count of this segment.
    public var liveDocumentCount: Int {
        documents.count - deleted.count
    }
}
