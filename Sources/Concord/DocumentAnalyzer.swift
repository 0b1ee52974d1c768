import ConcordAnalysis
import ConcordIndex
import ConcordIngest

/// Turns corpus documents into index documents: analyzes title, summary and body, and lays out the
/// stored fields every result needs (id, title, date, summary, body, source, line, language, extras).
struct DocumentAnalyzer {
    static let reservedFields = MetadataField.reservedNames

    let analyzer: Analyzer

    func analyze(_ document: Document, indexedHash: UInt64? = nil) -> AnalyzedDocument {
        let keySpace = analyzer.termKeySpace
        // Built in place (mapping an array of the three texts cost an array and its retains per document).
        var fields: [AnalyzedDocument.FieldTerms] = []
        fields.reserveCapacity(3)
        fields.append(fieldTerms(document.title))
        fields.append(fieldTerms(document.summary))
        fields.append(fieldTerms(document.body))
        if analyzer.termKeySpace !== keySpace {
            // The word cache was cleared part way: the keys of the earlier fields are in the old space.
            for f in fields.indices { fields[f].termKeys = [] }
        }
        // Room for every field at once (a literal of two then grew twice per document).
        var stored: [(name: String, value: String)] = []
        stored.reserveCapacity(8 + document.extra.count)
        stored.append(("id", document.id))
        stored.append(("title", document.title))
        if let date = document.date { stored.append(("date", date.iso)) }
        stored.append(("summary", document.summary))
        stored.append(("body", document.body))
        stored.append(("source", document.source))
        if let line = document.line { stored.append(("line", String(line))) }
        if let language = document.language { stored.append(("language", language)) }
        var keywords: [String: String] = [:]
        for key in document.extra.keys.sorted() where !Self.reservedFields.contains(key) {
            let value = document.extra[key] ?? ""
            stored.append((key, value))
            keywords[key] = value
        }
        var analyzed = AnalyzedDocument(id: document.id, contentHash: indexedHash ?? Self.indexedHash(document), storedFields: stored,
                                        fields: fields, dateInterval: document.date.flatMap(Self.dayInterval), keywords: keywords)
        if fields.contains(where: { !$0.termKeys.isEmpty }) { analyzed.termKeySpace = keySpace }
        return analyzed
    }

    /// The tokens of one field. A field of one analysis slice lists each word of the analyzer's word cache
    /// once and every other term as it comes (hashing each into a dictionary would cost more than the
    /// memory it saves), each with its word's key in the cache (so the index builder finds a cached word's
    /// term id by key, not by hashing the term again); a longer one is analyzed slice by slice into the
    /// compact form (each distinct term once, then four bytes per token), so a huge field never exists as a
    /// list of tokens.
    private func fieldTerms(_ text: String) -> AnalyzedDocument.FieldTerms {
        if let (terms, termIndices, keys) = analyzer.fieldTerms(text) {
            return AnalyzedDocument.FieldTerms(vocabulary: terms, termIndices: termIndices, termKeys: keys)
        }
        var index: [String: UInt32] = [:]
        var field = AnalyzedDocument.FieldTerms()
        analyzer.forEachTokenBatch(text) { tokens in
            for token in tokens {
                if let k = index[token.term] {
                    field.termIndices.append(k)
                } else {
                    let k = UInt32(field.vocabulary.count)
                    index[token.term] = k
                    field.vocabulary.append(token.term)
                    field.termIndices.append(k)
                }
            }
        }
        return field
    }

    /// The day interval a partial date names (nil for an invalid date, which parsing never produces).
    static func dayInterval(_ date: PartialDate) -> DayInterval? {
        DayInterval(year: date.year, month: date.month, day: date.day)
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
