import ConcordStorage

extension IndexChecker {
    /// Checks a segment's column file beyond what opening it verifies: each keyword dictionary strictly
    /// ascending and valid UTF-8, and every document's column values equal to its stored fields (the date
    /// interval of the stored ISO date; the keyword values of the stored fields that are not reserved).
    func checkColumns(_ segment: SegmentReader, report: inout Report) throws {
        let file = "\(segment.info.name).col"
        let columns = segment.keywordFields.compactMap { segment.keywordColumn($0) }
        for column in columns {
            for ordinal in 0..<column.valueCount {
                let bytes = column.valueBytes(ordinal)
                if String(validating: bytes.bindMemory(to: UInt8.self), as: UTF8.self) == nil {
                    report.problems.append("\(file): value \(ordinal) of field \(column.field) is not valid UTF-8")
                }
                if ordinal > 0, !column.valueBytes(ordinal - 1).lexicographicallyPrecedes(bytes) {
                    report.problems.append("\(file): values of field \(column.field) out of order at ordinal \(ordinal)")
                    break
                }
            }
        }
        for doc in 0..<segment.maxDoc {
            let stored = try segment.storedFields(doc)
            let storedDate = stored.first { $0.name == "date" }.flatMap { DayInterval(isoDate: $0.value) }
            if storedDate != segment.dateInterval(doc) {
                report.problems.append("\(file): document \(doc) has date \(segment.dateInterval(doc).map(String.init(describing:)) ?? "none"), "
                                       + "its stored fields say \(storedDate.map(String.init(describing:)) ?? "none")")
            }
            var expected: [String: String] = [:]
            for field in stored where !Self.reservedStoredFields.contains(field.name) { expected[field.name] = field.value }
            var actual: [String: String] = [:]
            for column in columns { actual[column.field] = column.value(doc) }
            if expected != actual {
                let names = Set(expected.keys).union(actual.keys).filter { expected[$0] != actual[$0] }.sorted()
                report.problems.append("\(file): document \(doc) has keyword values that differ from its stored fields (\(names.joined(separator: ", ")))")
            }
        }
    }

    /// Stored fields that are a record's own parts, not keyword fields.
    static let reservedStoredFields: Set<String> = ["id", "title", "date", "summary", "body", "source", "line", "language"]
}
