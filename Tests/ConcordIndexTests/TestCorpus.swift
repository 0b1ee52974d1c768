@testable import ConcordIndex
import ConcordStorage
@_exported import ConcordTestSupport


/// A document as plain token lists, the oracle's view.
struct PlainDocument {
    var id: String
    var fields: [[String]]

    var analyzed: AnalyzedDocument {
        AnalyzedDocument(
            id: id, contentHash: UInt64(truncatingIfNeeded: id.hashValue & 0xFFFF),
            storedFields: [("id", id), ("title", fields[0].joined(separator: " ")), ("summary", fields[1].joined(separator: " ")),
                           ("body", fields[2].joined(separator: " "))],
            terms: fields.map { tokens in tokens.enumerated().map { .init(term: $0.element, position: UInt32($0.offset)) } })
    }
}

/// The one segment of a new in-memory index holding `docs`, in order, committed once.
func singleSegment(_ docs: [PlainDocument]) throws -> SegmentReader {
    let directory = MemoryDirectory()
    let writer = try IndexWriter(directory: directory, settings: "{}")
    for doc in docs { try writer.addDocument(doc.analyzed) }
    try writer.commit(userData: [])
    writer.close()
    guard let segment = try IndexReader(directory: directory).segments.first else {
        throw StorageError.corrupt(file: "commit", reason: "no segment for \(docs.count) documents")
    }
    return segment
}

func randomDocuments(count: Int, vocabulary: [String], seed: UInt64, idPrefix: String = "doc") -> [PlainDocument] {
    var rng = SeededGenerator(seed: seed)
    return (0..<count).map { i in
        let lengths = [Int.random(in: 0...4, using: &rng), Int.random(in: 0...20, using: &rng), Int.random(in: 0...60, using: &rng)]
        let fields = lengths.map { n in (0..<n).map { _ in vocabulary[Int(rng.next() % UInt64(vocabulary.count))] } }
        return PlainDocument(id: "\(idPrefix)\(i)", fields: fields)
    }
}

/// What the oracle expects of one posting.
struct ExpectedPosting: Equatable {
    var id: String
    var frequencies: [Int]
    var positions: [[Int32]]
}

func expectedPostings(_ docs: [PlainDocument], term: String) -> [String: ExpectedPosting] {
    var result: [String: ExpectedPosting] = [:]
    for doc in docs {
        let positions = doc.fields.map { tokens in tokens.indices.filter { tokens[$0] == term }.map { Int32($0) } }
        if positions.contains(where: { !$0.isEmpty }) {
            result[doc.id] = ExpectedPosting(id: doc.id, frequencies: positions.map(\.count), positions: positions)
        }
    }
    return result
}

/// Reads every live posting of `term` through the index's cursors.
func actualPostings(_ reader: IndexReader, term: String) throws -> [String: ExpectedPosting] {
    var result: [String: ExpectedPosting] = [:]
    for segment in reader.segments {
        guard var cursor = try segment.postings(for: term) else { continue }
        while try cursor.next() != SegmentPostings.exhausted {
            let doc = Int(cursor.doc)
            guard segment.isLive(doc) else { continue }
            let id = try segment.documentID(doc)
            let freqs = (0..<3).map { cursor.frequency(inField: $0) }
            let positions = try (0..<3).map { try cursor.positions(inField: $0) }
            result[id] = ExpectedPosting(id: id, frequencies: freqs, positions: positions)
        }
    }
    return result
}
