import ConcordAnalysis
import ConcordIndex
import ConcordIngest

/// Turns corpus documents into index documents: analyzes title, summary and body, and lays out the
/// stored fields every result needs (id, title, date, summary, body, source, line, language, extras).
struct DocumentAnalyzer {
    static let reservedFields: Set<String> = ["id", "title", "date", "summary", "body", "source", "line", "language"]

    let analyzer: Analyzer

    func analyze(_ document: Document, indexedHash: UInt64? = nil) -> AnalyzedDocument {
        let terms = [document.title, document.summary, document.body].map { text in
            analyzer.tokens(text).map { AnalyzedDocument.Posting(term: $0.term, position: UInt32($0.position)) }
        }
        var stored: [(name: String, value: String)] = [("id", document.id), ("title", document.title)]
        if let date = document.date { stored.append(("date", date.iso)) }
        stored.append(("summary", document.summary))
        stored.append(("body", document.body))
        stored.append(("source", document.source))
        if let line = document.line { stored.append(("line", String(line))) }
        if let language = document.language { stored.append(("language", language)) }
        for key in document.extra.keys.sorted() where !Self.reservedFields.contains(key) {
            stored.append((key, document.extra[key] ?? ""))
        }
        return AnalyzedDocument(id: document.id, contentHash: indexedHash ?? Self.indexedHash(document), storedFields: stored, terms: terms)
    }

    /// The hash kept in the index: the document's content and the file it came from, so a record that
    /// moves to another file is stored again with its new source. (A record that only moves to another
    /// line of its file is stored again too, but counts as unchanged: see `CorpusIndexer`.)
    static func indexedHash(_ document: Document) -> UInt64 {
        var hash = document.contentHash
        for byte in document.source.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
