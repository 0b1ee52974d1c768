import ArgumentParser
import Concord

/// `concord show ID`: one whole record, as the index stores it.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one whole record: title, date, metadata fields, summary, body and source.",
        discussion: "Exit status 1 when the index has no record with that id.")

    @Argument(help: "The record's id, as printed with each search result.")
    var id: String

    @OptionGroup var indexOption: IndexOption

    @Option(help: "Output format: text or json.")
    var format: ShowFormat = .text

    enum ShowFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func run() throws {
        let record = try reportingErrors { try IndexFolder(path: indexOption.index).record(id: id) }
        guard let record else {
            printError("concord: no record with id \"\(id)\" in the index at \(indexOption.index)")
            throw ExitStatus.noResults
        }
        switch format {
        case .text: print(RecordFormatter.text(record, terminal: Terminal.current), terminator: "")
        case .json: print(RecordFormatter.json(record).text)
        }
    }
}

/// Renders a `StoredRecord` for `concord show`.
enum RecordFormatter {
    /// The record as text; on a terminal, control characters from the corpus are escaped (`Terminal`).
    static func text(_ record: StoredRecord, terminal: Terminal) -> String {
        var out = terminal.bold(terminal.visible(record.title.isEmpty ? record.id : record.title)) + "\n"
        if let date = record.date { out += "\(date.display) (\(date.iso))\n" }
        out += terminal.dim(terminal.visible("id: \(record.id)")) + "\n"
        for name in record.fields.keys.sorted() { out += terminal.visible("\(name): \(record.fields[name] ?? "")") + "\n" }
        if let language = record.language { out += "language: \(terminal.visible(language))\n" }
        if !record.summary.isEmpty { out += "\n" + terminal.visibleLines(record.summary) + "\n" }
        if !record.body.isEmpty { out += "\n" + terminal.visibleLines(record.body) + "\n" }
        out += "\n" + terminal.dim(terminal.visible(record.location)) + "\n"
        return out
    }

    /// The library's record JSON (`StoredRecord.jsonObject`), shared with the server's `/api/records/{id}`.
    static func json(_ record: StoredRecord) -> JSONValue { record.jsonObject }
}
