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
struct ListingParser {
    let file: String

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

    func parse(_ lines: [TextLine]) -> (documents: [Document], diagnostics: [CorpusDiagnostic]) {
        var records: [PendingRecord] = []
        var diagnostics: [CorpusDiagnostic] = []
        var pending: PendingRecord?
        var state = State.seekingDate

        func finishPending() {
            guard let record = pending else { return }
            if record.title == nil {
                diagnostics.append(.warning(file, line: record.line, "date line without a title; ignored"))
            } else {
                records.append(record)
            }
            pending = nil
        }

        for line in lines {
            if line.isBlank {
                if state == .inSummary {
                    finishPending()
                    state = .seekingDate
                }
                continue
            }
            let text = line.trimmed
            if state != .inSummary, let date = PartialDate(parsing: text) {
                finishPending()
                pending = PendingRecord(date: date, line: line.number)
                state = .expectingTitle
                continue
            }
            switch state {
            case .seekingDate:
                continue
            case .expectingTitle:
                pending?.title = text
                state = .expectingSummary
            case .expectingSummary, .inSummary:
                pending?.summaryLines.append(text)
                state = .inSummary
            }
        }
        finishPending()

        if records.isEmpty {
            diagnostics.append(.warning(file, "no records found; a record is a date line, a title line and a summary "
                                        + "paragraph separated by blank lines"))
        }
        return (documents(for: records), diagnostics)
    }

    private func documents(for records: [PendingRecord]) -> [Document] {
        var seen: [String: Int] = [:]
        return records.map { record in
            let title = record.title ?? ""
            let base = "\(file)#\(record.date.iso)-\(ListingParser.slug(title))"
            let count = (seen[base] ?? 0) + 1
            seen[base] = count
            let id = count == 1 ? base : "\(base)-\(count)"
            return Document(id: id, title: title, date: record.date,
                            summary: record.summaryLines.joined(separator: " "), source: file, line: record.line)
        }
    }
}
