import Foundation
import Testing

/// A private temporary folder per test holding a copy of a fixture corpus (`corpus/`) and, once indexed,
/// its index (`index/`); removed when the workspace is released.
final class Workspace {
    let root: URL
    let concord: ConcordProcess
    let corpus = "corpus"
    let index = "index"

    init(copying fixture: URL = FixtureCorpus.main) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("concord-cli-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: fixture, to: root.appendingPathComponent(corpus))
        concord = ConcordProcess(directory: root)
    }

    /// A workspace whose corpus is already indexed into `index/` (the run must succeed).
    static func indexed() throws -> Workspace {
        let workspace = try Workspace()
        let result = try workspace.concord.run(["index", "--corpus", workspace.corpus, "--index", workspace.index])
        guard result.status == 0 else { throw HarnessError.malformedOutput(result.describe(["index"])) }
        return workspace
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// URL of a path inside the copied corpus.
    func corpusFile(_ path: String) -> URL { root.appendingPathComponent(corpus).appendingPathComponent(path) }

    /// The analyzed terms of `text` (every token, stop words included), from `concord analyze`.
    func terms(_ text: String) throws -> [String] {
        try AnalyzedToken.analyze(text, with: concord).map(\.term)
    }

    /// `concord search QUERY --format json --limit LIMIT` against `index`, decoded.
    func searchJSON(_ query: String, limit: Int = 100, page: Int = 1, index: String? = nil,
                    sourceLocation: SourceLocation = #_sourceLocation) throws -> SearchPage {
        let arguments = ["search", query, "--index", index ?? self.index, "--corpus", corpus,
                         "--format", "json", "--limit", String(limit), "--page", String(page)]
        let result = try concord.run(arguments)
        #expect(result.status == 0 || result.status == 1, "\(result.describe(arguments))", sourceLocation: sourceLocation)
        return try SearchPage.decode(result.stdout)
    }
}
