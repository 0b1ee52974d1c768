import ArgumentParser
import Concord
import Foundation

/// `concord index`: builds or incrementally updates the index from the corpus folder.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index the corpus folder (only what changed since the last run).")

    @Option(help: "The corpus folder (.txt, .md, .jsonl, .listing files, read recursively).")
    var corpus: String = "Corpus"

    @OptionGroup var indexOption: IndexOption

    @Flag(help: "Rebuild the whole index instead of updating it.")
    var rebuild = false

    @Option(help: "Stemming language for a new index (e.g. english, french, russian, none).")
    var language: String?

    @Option(name: .customLong("ram-budget"), help: "Memory for buffered documents before a segment is written, in MiB.")
    var ramBudget: Int = 256

    @Flag(help: "Wait for another indexing run to finish instead of failing.")
    var wait = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    func validate() throws {
        try validateCorpus(corpus)
        guard (1...(1 << 30)).contains(ramBudget) else { throw ValidationError("--ram-budget must be 1 to 1073741824 MiB") }
    }

    func run() throws {
        var options = CorpusIndexer.Options()
        options.rebuild = rebuild
        options.language = language
        options.ramBudget = ramBudget << 20
        options.waitForLock = wait
        let report = try runIndexing(corpus: corpus, index: indexOption.index, options: options, quiet: quiet)
        if report.errorCount > 0 { throw ExitStatus.corpusErrors }
    }
}

/// Indexes with diagnostics on standard error, a progress bar on a terminal and a summary line.
func runIndexing(corpus: String, index: String, options: CorpusIndexer.Options, quiet: Bool,
                 summaryToStandardError: Bool = false) throws -> IndexingReport {
    let terminal = Terminal.current
    let folder = IndexFolder(path: index)
    let outdated = options.rebuild ? nil : folder.outdatedFormatVersion()
    // A first build (or rebuild) reads the whole corpus: its bar shows at once, not only after a second.
    let progress = ProgressBar(enabled: terminal.isInteractiveError && !quiet,
                               immediate: options.rebuild || outdated != nil || !folder.exists)
    if let version = outdated {
        // Said even with --quiet: the rebuild takes longer than the user expects of an update.
        printError("concord: the index at \(index) has format version \(version); rebuilding it from \(corpus) "
                   + "in version \(IndexFolder.formatVersion) (it was written by an older Concord)")
    }
    let report = try reportingErrors {
        try folder.update(fromCorpus: corpus, options: options) { done, total in progress.update(done, total) }
    }
    progress.finish()
    for diagnostic in report.diagnostics where !quiet || diagnostic.severity == .error {
        printError(diagnostic.description)
    }
    if !quiet {
        if summaryToStandardError { printError(report.summary) } else { print(report.summary) }
    }
    if report.errorCount > 0 {
        printError("concord: \(report.errorCount) corpus error(s) above (malformed records, unreadable files); "
                   + "the rest is indexed")
    }
    return report
}

/// A one-line progress bar on standard error (documents/s and ETA), drawn at most 10 times a second;
/// unless `immediate`, only once a run has lasted a second (short updates stay quiet).
final class ProgressBar {
    private let enabled: Bool
    private let immediate: Bool
    private let started = Date()
    private var lastDraw = Date.distantPast
    private var drawn = false

    init(enabled: Bool, immediate: Bool = false) {
        self.enabled = enabled
        self.immediate = immediate
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) > 0.1 || done == total else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(started), 0.001)
        guard elapsed > 1 || drawn || immediate else { return }   // short runs stay quiet
        let rate = Double(done) / elapsed
        let eta = rate > 0 ? Double(total - done) / rate : 0
        let width = 30
        let filled = Int(Double(width) * Double(done) / Double(total))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        let line = String(format: "\r%@ %d/%d docs · %.0f docs/s · ETA %.0f s ", bar, done, total, rate, eta)
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    func finish() {
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
