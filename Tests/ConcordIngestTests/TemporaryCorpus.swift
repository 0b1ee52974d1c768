import Foundation
@testable import ConcordIngest

/// A corpus folder in the system's temporary directory, filled by the test and removed by `remove()`.
struct TemporaryCorpus {
    let root: URL

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("concord-ingest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    var corpus: Corpus { Corpus(root: root) }

    func write(_ path: String, _ text: String) throws {
        try write(path, bytes: Array(text.utf8))
    }

    func write(_ path: String, bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes one file and reads it back through the public API.
    func readSingle(_ path: String, _ text: String) throws -> CorpusFileContents {
        try write(path, text)
        let files = try corpus.files()
        guard let file = files.first(where: { $0.path == path }) else { throw MissingFile(path: path) }
        return try corpus.read(file)
    }

    struct MissingFile: Error {
        var path: String
    }
}

/// Parses text as if it were the file `path`, without touching the disk.
func parse(_ text: String, path: String) -> CorpusFileContents {
    let format = Corpus.format(ofFileNamed: path) ?? .text
    return Corpus.parse(Array(text.utf8), path: path, format: format)
}
