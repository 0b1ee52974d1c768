import Foundation

/// Random corpus changes of the kinds a user makes between indexing runs.
extension CorpusModel {
    enum Mutation: String, CaseIterable {
        case addFiles, appendRecords, editRecord, deleteRecord, deleteFile, moveFile, duplicateID, touchFile
    }

    /// Made-up words (consonant–vowel syllables), so no stop word or real word skews the statistics.
    static let vocabulary: [String] = {
        let consonants = Array("bdfgklmnprtvz"), vowels = Array("aiou")
        var rng = SeededGenerator(seed: 0xC0C0A)
        var words = Set<String>()
        var ordered: [String] = []
        while ordered.count < 300 {
            var word = ""
            for _ in 0..<rng.int(2...3) { word.append(rng.pick(consonants)); word.append(rng.pick(vowels)) }
            if rng.chance(0.3) { word.append(rng.pick(consonants)) }
            if words.insert(word).inserted { ordered.append(word) }
        }
        return ordered
    }()

    /// A word, skewed towards the head of the vocabulary so common words hit many documents.
    static func word(_ rng: inout SeededGenerator) -> String {
        let u = Double.random(in: 0..<1, using: &rng)
        return vocabulary[min(vocabulary.count - 1, Int(Double(vocabulary.count) * u * u * u))]
    }

    static func text(_ rng: inout SeededGenerator, words: ClosedRange<Int>) -> String {
        (0..<rng.int(words)).map { _ in word(&rng) }.joined(separator: " ")
    }

    mutating func newRecord(_ rng: inout SeededGenerator, kind: Kind) -> Record {
        let n = nextSerial()
        switch kind {
        case .jsonl:
            return Record(id: "r\(n)", title: Self.text(&rng, words: 1...5), summary: Self.text(&rng, words: 4...20),
                          body: Self.text(&rng, words: 0...40), collection: rng.pick(["", "frus", "cables", "memos \(n % 7)"]))
        case .text:
            return Record(id: rng.chance(0.3) ? "t\(n)" : "", title: Self.text(&rng, words: 1...5),
                          summary: Self.text(&rng, words: 3...15), body: Self.text(&rng, words: 5...60),
                          collection: rng.pick(["", "frus", "letters"]))
        case .listing:
            return Record(id: "", title: "Report \(n) " + Self.text(&rng, words: 1...3),
                          summary: Self.text(&rng, words: 4...25), body: "", day: rng.int(0...335))
        }
    }

    mutating func addFile(_ rng: inout SeededGenerator, kind: Kind) throws -> String {
        let n = nextSerial()
        let folder = rng.chance(0.3) ? "part\(rng.int(1...3))/" : ""
        let path = "\(folder)f\(n).\(kind.rawValue)"
        let count = kind == .text ? 1 : rng.int(3...9)
        let records = (0..<count).map { _ in newRecord(&rng, kind: kind) }
        try put(File(kind: kind, records: records), at: path)
        return path
    }

    /// A corpus to start from: jsonl, text and listing files.
    mutating func populate(_ rng: inout SeededGenerator) throws {
        for _ in 0..<rng.int(4...6) { _ = try addFile(&rng, kind: .jsonl) }
        for _ in 0..<rng.int(5...8) { _ = try addFile(&rng, kind: .text) }
        for _ in 0..<rng.int(1...2) { _ = try addFile(&rng, kind: .listing) }
    }

    private func paths(of kinds: Set<Kind>) -> [String] {
        paths.filter { files[$0].map { kinds.contains($0.kind) } ?? false }
    }

    /// Applies one random mutation; returns a line describing it for failure messages.
    mutating func mutate(_ rng: inout SeededGenerator) throws -> String {
        let mutation = rng.pick(Mutation.allCases)
        switch mutation {
        case .addFiles:
            var added: [String] = []
            for _ in 0..<rng.int(1...2) {
                added.append(try addFile(&rng, kind: rng.pick([.jsonl, .jsonl, .text, .text, .listing])))
            }
            return "add \(added.joined(separator: ", "))"
        case .appendRecords:
            guard let path = paths(of: [.jsonl, .listing]).randomElement(using: &rng), var file = files[path] else {
                return "append: nothing to append to"
            }
            let count = rng.int(1...4)
            for _ in 0..<count { file.records.append(newRecord(&rng, kind: file.kind)) }
            try put(file, at: path)
            return "append \(count) record(s) to \(path)"
        case .editRecord:
            guard let path = paths.randomElement(using: &rng), var file = files[path], !file.records.isEmpty else {
                return "edit: nothing to edit"
            }
            let index = rng.int(0...(file.records.count - 1))
            let part: String
            if file.kind != .listing && rng.chance(0.4) {
                file.records[index].title = Self.text(&rng, words: 1...5)
                part = "title"
            } else {
                file.records[index].summary = Self.text(&rng, words: 4...20)
                part = "summary"
            }
            try put(file, at: path)
            return "edit the \(part) of record \(index) of \(path)"
        case .deleteRecord:
            guard let path = paths(of: [.jsonl, .listing]).randomElement(using: &rng), var file = files[path],
                  file.records.count > 1 else { return "delete record: no file with several records" }
            let index = rng.int(0...(file.records.count - 1))
            file.records.remove(at: index)
            try put(file, at: path)
            return "delete record \(index) of \(path)"
        case .deleteFile:
            guard files.count > 3, let path = paths.randomElement(using: &rng) else { return "delete file: too few files" }
            try remove(path)
            return "delete \(path)"
        case .moveFile:
            guard let path = paths.randomElement(using: &rng), let kind = files[path]?.kind else { return "move: no file" }
            let newPath = (rng.chance(0.5) ? "moved/" : "") + "m\(nextSerial()).\(kind.rawValue)"
            try move(path, to: newPath)
            return "move \(path) to \(newPath)"
        case .duplicateID:
            return try addDuplicate(&rng)
        case .touchFile:
            guard let path = paths.randomElement(using: &rng) else { return "touch: no file" }
            try touch(path)
            return "touch \(path)"
        }
    }

    /// Gives an existing jsonl or text id to a new record in another (new or existing jsonl) file.
    private mutating func addDuplicate(_ rng: inout SeededGenerator) throws -> String {
        let ids = paths.flatMap { path in
            (files[path]?.records ?? []).filter { !$0.id.isEmpty }.map { (path, $0.id) }
        }
        guard let (source, id) = ids.randomElement(using: &rng) else { return "duplicate: no ids" }
        if rng.chance(0.5) {
            var record = newRecord(&rng, kind: .jsonl)
            record.id = id
            let path = rng.chance(0.5) ? "a\(nextSerial()).jsonl" : "z\(nextSerial()).jsonl"
            try put(File(kind: .jsonl, records: [newRecord(&rng, kind: .jsonl), record]), at: path)
            return "duplicate id \(id) (from \(source)) in new file \(path)"
        }
        var record = newRecord(&rng, kind: .text)
        record.id = id
        let path = "dup\(nextSerial()).txt"
        try put(File(kind: .text, records: [record]), at: path)
        return "duplicate id \(id) (from \(source)) in new text file \(path)"
    }
}
