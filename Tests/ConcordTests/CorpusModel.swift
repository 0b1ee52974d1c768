import Foundation

/// An in-memory description of a corpus folder that the randomized tests mutate, write to disk, and
/// use as the oracle for what an indexing run should report.
///
/// Three formats: `.jsonl` (several records per file), `.txt` (one record; its id is the path unless
/// an `Id:` header gives one) and `.listing` (records of date, title and summary; ids derive from the
/// path, date and title, which the model keeps unique within a file).
struct CorpusModel {
    enum Kind: String { case jsonl, text = "txt", listing }

    struct Record: Equatable {
        /// The record's id; empty for a text file without an `Id:` header (its id is then its path).
        var id: String
        var title: String
        var summary: String
        var body: String
        /// Day of 1960 for listing records (their date line).
        var day = 1
        /// A metadata field (`collection`) of JSON lines and text records; empty for none.
        var collection = ""
    }

    struct File {
        var kind: Kind
        var records: [Record]
    }

    /// What the oracle knows of one winning record: enough to tell whether it changed.
    struct Winner: Equatable {
        var source: String
        var content: String
    }

    let root: String
    private(set) var files: [String: File] = [:]
    /// Serial for new ids, titles and paths.
    private(set) var serial = 0
    /// Logical clock for modification times: every write moves it forward by a bit over a second,
    /// so tests never depend on the file system's timestamp granularity (tested on its own elsewhere).
    private var clock: Int64

    init(root: String) {
        self.root = root
        clock = Int64(Date().timeIntervalSince1970) * 1_000_000_000
    }

    var paths: [String] { files.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } }

    mutating func nextSerial() -> Int {
        serial += 1
        return serial
    }

    // MARK: - Writing to disk

    mutating func put(_ file: File, at path: String) throws {
        files[path] = file
        try write(path)
    }

    mutating func write(_ path: String) throws {
        guard let file = files[path] else { return }
        let full = root + "/" + path
        try TestFiles.write(Self.render(file), to: full)
        try touch(path)
    }

    /// Moves the file's modification time forward without changing its bytes.
    mutating func touch(_ path: String) throws {
        clock += 1_000_000_007
        try TestFiles.setModificationTime(of: root + "/" + path, to: clock)
    }

    mutating func remove(_ path: String) throws {
        files[path] = nil
        try FileManager.default.removeItem(atPath: root + "/" + path)
    }

    mutating func move(_ path: String, to newPath: String) throws {
        guard let file = files[path] else { return }
        files[path] = nil
        files[newPath] = file
        let destination = root + "/" + newPath
        try FileManager.default.createDirectory(atPath: (destination as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: root + "/" + path, toPath: destination)
        try touch(newPath)
    }

    static func render(_ file: File) -> String {
        switch file.kind {
        case .jsonl:
            return file.records.map { record in
                "{\"id\": \"\(record.id)\", \"title\": \"\(record.title)\", \"summary\": \"\(record.summary)\", \"body\": \"\(record.body)\""
                    + (record.collection.isEmpty ? "" : ", \"Collection\": \"\(record.collection)\"") + "}\n"
            }.joined()
        case .text:
            let record = file.records[0]
            var header = "Title: \(record.title)\n"
            if !record.id.isEmpty { header += "Id: \(record.id)\n" }
            if !record.collection.isEmpty { header += "Collection: \(record.collection)\n" }
            header += "Summary: \(record.summary)\n"
            return header + "\n" + record.body + "\n"
        case .listing:
            var out = "Archive results page\n\n"
            for record in file.records {
                out += "1960-\(twoDigits(record.day / 28 + 1))-\(twoDigits(record.day % 28 + 1))\n\n"
                out += record.title + "\n\n" + record.summary + "\n\n"
            }
            return out
        }
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    // MARK: - Oracle

    /// The winning record of every logical id: last in path byte order, then line order.
    func winners() -> [String: Winner] {
        var result: [String: Winner] = [:]
        for path in paths {
            guard let file = files[path] else { continue }
            for record in file.records {
                let id: String
                switch file.kind {
                case .jsonl: id = record.id
                case .text: id = record.id.isEmpty ? path : record.id
                case .listing: id = "listing:\(path)|\(record.day)|\(record.title)"
                }
                result[id] = Winner(source: path,
                                    content: "\(record.title)|\(record.summary)|\(record.body)|\(record.day)|\(record.collection)")
            }
        }
        return result
    }

    /// Counts an incremental run should report going from `before` to `after`.
    static func expectedCounts(from before: [String: Winner], to after: [String: Winner])
        -> (added: Int, changed: Int, removed: Int, unchanged: Int) {
        var counts = (added: 0, changed: 0, removed: 0, unchanged: 0)
        for (id, winner) in after {
            if let old = before[id] {
                if old == winner { counts.unchanged += 1 } else { counts.changed += 1 }
            } else {
                counts.added += 1
            }
        }
        counts.removed = before.keys.filter { after[$0] == nil }.count
        return counts
    }

    /// Every text of the corpus, for drawing queries that match.
    var allTexts: [String] {
        files.values.flatMap { $0.records.flatMap { [$0.title, $0.summary, $0.body] } }.filter { !$0.isEmpty }
    }
}
