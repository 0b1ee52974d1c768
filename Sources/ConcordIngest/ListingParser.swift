/// Reads a `.listing` file: a results page of a digital archive, one document per record.
///
///     Skip to content                  ← page chrome: anything before the first date line, or between records,
///     121 - 130 of 131                   that does not start a record, is ignored
///
///     October 8, 1950                  ← date line (any form `PartialDate(parsing:)` accepts); `line` points here
///
///     Letter from A to B               ← title line
///
///     A summary paragraph that may     ← summary: the following paragraph, lines joined with a space; optional
///     span several lines.                (a record may end right before the next date line)
///
/// The id is `"<path>#<iso date>-<title slug>"` (see `ListingParser.slug`), so it depends only on the record itself
/// and stays the same when records are added or removed around it; when the same date and slug occur again in the
/// file, the later ones get `-2`, `-3`, … in order. A date line with no title before the next date line or the end
/// of the file is dropped with a warning; a page with no record at all gives a warning.
struct ListingParser: LineParser {
    let file: String
    private(set) var diagnostics: [CorpusDiagnostic] = []
    private var pending: PendingRecord?
    private var state = State.seekingDate
    /// How many records so far had each id base (`<path>#<date>-<slug>`), for numbering repeats.
    private var seen: [String: Int] = [:]
    private var assigned: Set<String> = []
    private var recordCount = 0

    private struct PendingRecord {
        var date: PartialDate
        var line: Int
        var title: String?
        var summaryLines: [String] = []
    }

    private enum State {
        case seekingDate
        case expectingTitle
        case expectingSummary
        case inSummary
    }

    init(file: String) {
        self.file = file
    }

    mutating func take(_ line: TextLine, _ emit: (Document) throws -> Void) rethrows {
        if line.isBlank {
            if state == .inSummary {
                state = .seekingDate
                if let document = finishPending() { try emit(document) }
            }
            return
        }
        let text = line.trimmed
        if state != .inSummary, let date = PartialDate(parsing: text) {
            let finished = finishPending()
            pending = PendingRecord(date: date, line: line.number)
            state = .expectingTitle
            if let finished { try emit(finished) }
            return
        }
        switch state {
        case .seekingDate:
            return
        case .expectingTitle:
            pending?.title = text
            state = .expectingSummary
        case .expectingSummary, .inSummary:
            pending?.summaryLines.append(text)
            state = .inSummary
        }
    }

    mutating func finish(_ emit: (Document) throws -> Void) rethrows {
        let finished = finishPending()
        state = .seekingDate
        if recordCount == 0 {
            diagnostics.append(.warning(file, "no records found; a record is a date line, a title line and a summary "
                                        + "paragraph separated by blank lines"))
        }
        if let finished { try emit(finished) }
    }

    /// Ends the pending record: its document, or nil (with a warning when it has no title).
    private mutating func finishPending() -> Document? {
        guard let record = pending else { return nil }
        pending = nil
        guard let title = record.title else {
            diagnostics.append(.warning(file, line: record.line, "date line without a title; ignored"))
            return nil
        }
        let base = "\(file)#\(record.date.iso)-\(ListingParser.slug(title))"
        // A repeat gets the first free counter suffix: "talks", "talks-2", … — free also of ids that
        // other titles produce ("Talks 2" slugs to "talks-2" too), so no record replaces another.
        var id = base
        if assigned.contains(id) {
            var count = (seen[base] ?? 1) + 1
            while assigned.contains("\(base)-\(count)") { count += 1 }
            seen[base] = count
            id = "\(base)-\(count)"
        }
        assigned.insert(id)
        recordCount += 1
        return Document(id: id, title: title, date: record.date,
                        summary: record.summaryLines.joined(separator: " "), source: file, line: record.line)
    }
}
