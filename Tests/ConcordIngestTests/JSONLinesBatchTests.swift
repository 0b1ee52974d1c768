import Testing
@testable import ConcordIngest

/// Lines are parsed in batches split among threads; what comes out must not depend on where a batch ends.
@Suite struct JSONLinesBatchTests {
    /// A file of several batches (and a partial last one), with broken lines, blank lines, bad dates and
    /// rejected keys spread over every batch, reads exactly as its lines say, in line order.
    @Test func manyBatchesReadLikeOneLineAtATime() throws {
        let lineCount = 3 * JSONLinesParser.batchLines + 77
        var lines: [String] = []
        var expectedIDs: [String] = []
        var expectedErrors: [Int] = []
        var expectedWarnings: [Int] = []
        for n in 1...lineCount {
            switch n % 97 {
            case 5: lines.append(#"{"id": "broken-\#(n)", "title": "#)              // cut short: invalid JSON
                expectedErrors.append(n)
            case 11: lines.append("")                                               // blank: skipped silently
            case 23: lines.append(#"{"title": "no id on line \#(n)"}"#)
                expectedErrors.append(n)
            case 41: lines.append(#"{"id": "d\#(n)", "date": "sometime"}"#)        // kept, with a warning
                expectedIDs.append("d\(n)")
                expectedWarnings.append(n)
            default:
                // Every line has a key that cannot name a field: reported once per file, at its first line.
                lines.append(#"{"id": "r\#(n)", "title": "Record \#(n)", "body": "text of line \#(n)", "bad key!": 1}"#)
                expectedIDs.append("r\(n)")
                if n == 1 { expectedWarnings.append(n) }
            }
        }
        let contents = parse(lines.joined(separator: "\n"), path: "many.jsonl")
        #expect(contents.documents.map(\.id) == expectedIDs)
        #expect(contents.documents.map { $0.line ?? 0 } == expectedIDs.map { Int($0.dropFirst())! })
        #expect(contents.documents.allSatisfy { $0.id.hasPrefix("d") || $0.body == "text of line \($0.line ?? 0)" })
        #expect(contents.diagnostics.filter { $0.severity == .error }.map(\.line) == expectedErrors)
        #expect(contents.diagnostics.filter { $0.severity == .warning }.map(\.line) == expectedWarnings)
        // Diagnostics come in line order, as if each line had been parsed in turn.
        let diagnosticLines = contents.diagnostics.compactMap(\.line)
        #expect(diagnosticLines == diagnosticLines.sorted())
    }

    /// Parsing a batch on several threads gives each line the result parsing it alone gives.
    @Test func batchParsingEqualsLineByLineParsing() throws {
        let lines = (1...1000).map { n in
            TextLine(number: n, text: n % 3 == 0 ? #"{"id": \#(n), "x": [1], "date": "soon"}"# : n % 7 == 0 ? "[\(n)]" : #"{"id": "v\#(n)"}"#)
        }
        let parser = JSONLinesParser(file: "f.jsonl")
        let together = parser.parseLines(lines)
        #expect(together.count == lines.count)
        for (line, parsed) in zip(lines, together) {
            let alone = try #require(parser.parseLines([line]).first)
            switch (parsed.document, alone.document) {
            case let (.success(a), .success(b)):
                #expect(a == b && a.line == line.number)
                #expect("\(parsed.warnings)" == "\(alone.warnings)" && parsed.warnings.count == (line.number % 3 == 0 ? 2 : 0))
            case let (.failure(a as JSONLinesParser.RecordError), .failure(b as JSONLinesParser.RecordError)):
                #expect(a.reason == b.reason && line.number % 7 == 0)
            default: Issue.record("line \(line.number): \(parsed.document) vs \(alone.document)")
            }
        }
    }
}
