extension Corpus {
    /// Makes ids unique: when several documents share an id, the one latest in corpus order — `source` path in byte
    /// order, then `line` (a document without a line counts as line 0), then position in the array — wins.
    ///
    /// The surviving documents keep their relative order. Each replaced occurrence gives a warning placed at the
    /// document that replaces it and naming both places, e.g.
    /// `b.jsonl:7: warning: duplicate id "memo-12" replaces the record at a/notes.jsonl:3`.
    public static func resolveDuplicates(_ documents: [Document])
        -> (documents: [Document], diagnostics: [CorpusDiagnostic]) {
        var winnerIndex: [String: Int] = [:]
        var diagnostics: [CorpusDiagnostic] = []
        for (index, document) in documents.enumerated() {
            guard let previous = winnerIndex[document.id] else {
                winnerIndex[document.id] = index
                continue
            }
            let earlier = documents[previous]
            let (winner, loser) = comesAfter(document, earlier) || !comesAfter(earlier, document)
                ? (index, previous) : (previous, index)
            winnerIndex[document.id] = winner
            let kept = documents[winner], dropped = documents[loser]
            diagnostics.append(.warning(kept.source, line: kept.line,
                                        "duplicate id \"\(kept.id)\" replaces the record at \(place(of: dropped))"))
        }
        let kept = documents.enumerated().filter { winnerIndex[$0.element.id] == $0.offset }.map(\.element)
        return (kept, diagnostics)
    }

    /// Whether `lhs` is strictly later than `rhs` in corpus order (path bytes, then line).
    private static func comesAfter(_ lhs: Document, _ rhs: Document) -> Bool {
        if lhs.source != rhs.source {
            return rhs.source.utf8.lexicographicallyPrecedes(lhs.source.utf8)
        }
        return (lhs.line ?? 0) > (rhs.line ?? 0)
    }

    private static func place(of document: Document) -> String {
        document.line.map { "\(document.source):\($0)" } ?? document.source
    }
}
