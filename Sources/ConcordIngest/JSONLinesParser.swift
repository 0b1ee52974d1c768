import Foundation

/// Reads a `.jsonl` file: one JSON object per line, one document per object.
///
///     {"id": "memo-12", "title": "…", "date": "1950-10-08", "summary": "…", "body": "…", "language": "en", "box": 4}
///
/// - `id` is required: a non-empty string, or an integer (stored as its decimal string).
/// - `title`, `date`, `summary`, `body`, `language` are optional strings; `null` counts as absent.
/// - Other keys are metadata fields (`extra`, see `MetadataField`: the key lower-cased, the value trimmed).
///   A string is kept as written; a number as its decimal text (`4`, `2.5`), a boolean as `true`/`false`;
///   `null` and `""` mean no value. A metadata field holds one value, so an array or object is reported
///   and ignored, as is a key that cannot name a field or names a reserved one. Such a key is reported
///   once per file (at its first line), not on every record.
/// - Blank lines are skipped. A line that is not valid JSON, not an object, lacks an id or has a known field of the
///   wrong type is dropped with an error naming the line; the other lines are still read.
/// - A `date` that cannot be parsed is a warning; the record is kept without a date.
struct JSONLinesParser: LineParser {
    static let knownKeys: Set<String> = ["id", "title", "date", "summary", "body", "language"]

    /// Why a line was rejected; becomes the error diagnostic's message.
    struct RecordError: Error {
        var reason: String
    }

    let file: String
    private(set) var diagnostics: [CorpusDiagnostic] = []
    /// Keys already reported as not making a metadata field.
    private var reportedKeys: Set<String> = []

    /// Lines taken but not parsed yet, and their bytes: JSON is parsed a batch at a time, the batch's lines
    /// split among the cores, while the documents are still made and handed on one by one in line order.
    private var pending: [TextLine] = []
    private var pendingBytes = 0
    /// A batch is parsed once it holds this many lines or bytes (a huge line is parsed on its own at once).
    static let batchLines = 512
    static let batchBytes = 1 << 20
    /// Threads that parse a batch: one per core, at most 8.
    static let parsingThreads = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

    init(file: String) {
        self.file = file
    }

    mutating func take(_ line: TextLine, _ emit: (Document) throws -> Void) rethrows {
        guard !line.isBlank else { return }
        pending.append(line)
        pendingBytes += line.text.utf8.count
        if pending.count >= Self.batchLines || pendingBytes >= Self.batchBytes { try parsePending(emit) }
    }

    /// Parses the lines still pending.
    mutating func finish(_ emit: (Document) throws -> Void) rethrows {
        try parsePending(emit)
    }

    /// Parses the pending lines side by side (JSON and document), then reports and emits them in line order:
    /// diagnostics and once-per-file reports come out exactly as if each line were parsed in turn.
    private mutating func parsePending(_ emit: (Document) throws -> Void) rethrows {
        guard !pending.isEmpty else { return }
        let parsed = parseLines(pending)
        let lineNumbers = pending.map(\.number)
        pending.removeAll(keepingCapacity: pending.count <= Self.batchLines)   // the text is not needed any more
        pendingBytes = 0
        for (number, line) in zip(lineNumbers, parsed) {
            switch line.document {
            case .failure(let error as RecordError):
                diagnostics.append(.error(file, line: number, "record skipped: \(error.reason)"))
            case .failure(let error):
                diagnostics.append(.error(file, line: number, "record skipped: \(error)"))
            case .success(let document):
                for warning in line.warnings {
                    switch warning {
                    case .always(let message):
                        diagnostics.append(.warning(file, line: number, message))
                    case let .oncePerFile(key, message):
                        // Only the first line with a problem about `key` reports it.
                        if reportedKeys.insert(key).inserted {
                            diagnostics.append(.warning(file, line: number, message + " (reported once per file)"))
                        }
                    }
                }
                try emit(document)
            }
        }
    }

    /// A warning about a record: given every time, or only at the first line of the file that has it.
    enum Warning {
        case always(String)
        case oncePerFile(key: String, message: String)
    }

    /// One line made into a document (or why it is none), with the warnings about it, before anything of the
    /// file's state (the reports already made) is applied: lines are made into documents side by side.
    struct ParsedLine {
        var document: Result<Document, Error>
        var warnings: [Warning] = []
    }

    /// Each line's document (or why it is none), made by up to `parsingThreads` threads.
    func parseLines(_ lines: [TextLine]) -> [ParsedLine] {
        let parseOne = { (line: TextLine) -> ParsedLine in
            var warnings: [Warning] = []
            if let values = FlatJSONObject.parseKnown(line.text, keys: JSONLinesParser.knownKeyOrder) {
                let document = Result { try self.document(fromKnown: values, line: line.number, warnings: &warnings) }
                return ParsedLine(document: document, warnings: warnings)
            }
            let document = Result { try self.document(from: try JSONLinesParser.object(in: line.text), line: line.number,
                                                      warnings: &warnings) }
            return ParsedLine(document: document, warnings: warnings)
        }
        let threads = min(Self.parsingThreads, lines.count)
        if threads <= 1 { return lines.map(parseOne) }
        var results = [ParsedLine](repeating: ParsedLine(document: .failure(RecordError(reason: ""))), count: lines.count)
        let share = (lines.count + threads - 1) / threads
        results.withUnsafeMutableBufferPointer { out in
            let output = out
            DispatchQueue.concurrentPerform(iterations: threads) { t in
                for i in t * share..<min(lines.count, (t + 1) * share) { output[i] = parseOne(lines[i]) }
            }
        }
        return results
    }

    static func object(in text: String) throws -> [String: Any] {
        // Most lines are flat objects of strings: read by hand, exactly as JSONSerialization would read them.
        if let object = FlatJSONObject.parse(text) { return object }
        let value: Any
        do {
            value = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw RecordError(reason: "invalid JSON" + (detail.map { " (\($0))" } ?? ""))
        }
        guard let object = value as? [String: Any] else {
            throw RecordError(reason: "expected a JSON object, found \(typeName(of: value))")
        }
        return object
    }

    /// The document a line's object describes; problems to report go to `warnings` (see `parsePending`).
    func document(from object: [String: Any], line: Int, warnings: inout [Warning]) throws -> Document {
        guard let rawID = object["id"], !(rawID is NSNull) else {
            throw RecordError(reason: "missing \"id\"")
        }
        let id: String
        if let text = rawID as? String {
            id = text
        } else if let number = rawID as? NSNumber, let integer = JSONLinesParser.integerText(number) {
            id = integer
        } else {
            throw RecordError(reason: "\"id\" must be a string or an integer, found \(JSONLinesParser.typeName(of: rawID))")
        }
        guard !id.isEmpty else { throw RecordError(reason: "\"id\" is empty") }

        var document = Document(id: id, source: file, line: line)
        document.title = try string("title", in: object) ?? ""
        document.summary = try string("summary", in: object) ?? ""
        document.body = try string("body", in: object) ?? ""
        document.language = try string("language", in: object)
        if let dateText = try string("date", in: object), !dateText.isEmpty {
            document.date = PartialDate(parsing: dateText)
            if document.date == nil {
                warnings.append(.always("unrecognized date \"\(dateText)\"; record kept without a date"))
            }
        }
        // Keys in byte order, so that two keys naming one field ("Box", "box") resolve the same way every time.
        let keys = object.keys.filter { !JSONLinesParser.knownKeys.contains($0) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for key in keys {
            guard let value = object[key], !(value is NSNull) else { continue }
            switch MetadataField.name(forKey: key) {
            case .failure(let rejection):
                warnings.append(.oncePerFile(key: key, message: MetadataField.message(key: key, rejection)))
            case .success(let name):
                guard let text = JSONLinesParser.simpleValueText(value) else {
                    warnings.append(.oncePerFile(key: key, message: "key \"\(key)\" holds \(JSONLinesParser.typeName(of: value)); "
                                                 + "a metadata field takes one string, number or boolean, so it is ignored"))
                    continue
                }
                if document.extra[name] != nil {
                    warnings.append(.oncePerFile(key: key, message: "keys differing only in case name the field \(name); "
                                                 + "the value of \"\(key)\" is kept"))
                }
                document.extra[name] = MetadataField.value(text)
            }
        }
        return document
    }

    /// `knownKeys` in the order of `document(fromKnown:)`'s values.
    static let knownKeyOrder = ["id", "title", "summary", "body", "language", "date"]

    /// The document of a line whose members are all known keys with string or null values, given by
    /// `FlatJSONObject.parseKnown` in `knownKeyOrder` (nil: null or absent): exactly what
    /// `document(from:)` makes of the same line's dictionary, without one.
    func document(fromKnown values: [String?], line: Int, warnings: inout [Warning]) throws -> Document {
        guard let id = values[0] else { throw RecordError(reason: "missing \"id\"") }
        guard !id.isEmpty else { throw RecordError(reason: "\"id\" is empty") }
        var document = Document(id: id, source: file, line: line)
        document.title = values[1] ?? ""
        document.summary = values[2] ?? ""
        document.body = values[3] ?? ""
        document.language = values[4]
        if let dateText = values[5], !dateText.isEmpty {
            document.date = PartialDate(parsing: dateText)
            if document.date == nil {
                warnings.append(.always("unrecognized date \"\(dateText)\"; record kept without a date"))
            }
        }
        return document
    }

    /// The string value of a known optional field; `nil` when absent or null; throws on any other type.
    private func string(_ key: String, in object: [String: Any]) throws -> String? {
        guard let value = object[key], !(value is NSNull) else { return nil }
        guard let text = value as? String else {
            throw RecordError(reason: "\"\(key)\" must be a string or null, found \(JSONLinesParser.typeName(of: value))")
        }
        return text
    }

    static func isBoolean(_ number: NSNumber) -> Bool {
        // JSONSerialization gives booleans the `c` (char) type encoding on both Darwin and Linux.
        String(cString: number.objCType) == "c"
    }

    /// Decimal text of an integral JSON number, or `nil` for booleans and fractional numbers.
    static func integerText(_ number: NSNumber) -> String? {
        guard !isBoolean(number) else { return nil }
        switch String(cString: number.objCType) {
        case "Q": return String(number.uint64Value)
        case "d", "f":
            let value = number.doubleValue
            guard value.rounded() == value, abs(value) < 9.0e15 else { return nil }
            return String(Int64(value))
        default: return String(number.int64Value)
        }
    }

    /// String form of a string, number or boolean; `nil` for anything else.
    static func simpleValueText(_ value: Any) -> String? {
        if let text = value as? String { return text }
        guard let number = value as? NSNumber else { return nil }
        if isBoolean(number) { return number.boolValue ? "true" : "false" }
        switch String(cString: number.objCType) {
        case "d", "f": return String(number.doubleValue)
        default: return integerText(number)
        }
    }

    static func typeName(of value: Any) -> String {
        switch value {
        case is String: return "a string"
        case let number as NSNumber: return isBoolean(number) ? "a boolean" : "a number"
        case is NSNull: return "null"
        case is [Any]: return "an array"
        case is [String: Any]: return "an object"
        default: return "an unsupported value"
        }
    }
}
