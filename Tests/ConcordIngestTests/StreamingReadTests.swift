import Foundation
import Testing
@testable import ConcordIngest

@Suite struct StreamingReadTests {
    static let extensions: [CorpusFormat: String] = [.text: "txt", .markdown: "md", .jsonl: "jsonl", .listing: "listing"]

    // MARK: - Same results as reading whole files

    @Test func scanningRandomFilesInAnyChunkSizeGivesWhatWholeFileParsingGives() throws {
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        var expected: [String: [UInt8]] = [:]
        for seed in UInt64(1)...60 {
            for format in CorpusFormat.allCases {
                var random = RandomCorpusFile(seed: seed &* 7919 &+ UInt64(format.rawValue.utf8.count))
                let path = "random/\(seed).\(Self.extensions[format] ?? "txt")"
                let bytes = random.bytes(for: format)
                try temporary.write(path, bytes: bytes)
                expected[path] = bytes
            }
        }
        let files = try temporary.corpus.files()
        #expect(files.count == expected.count)
        for (index, file) in files.enumerated() {
            let bytes = try #require(expected[file.path])
            let whole = Corpus.parse(bytes, path: file.path, format: file.format)
            #expect(whole.contentHash == FileFingerprint.of(bytes))

            var scanned: [Document] = []
            let chunkSize = 1 + index % 23
            let result = try temporary.corpus.scan(file, chunkSize: chunkSize) { scanned.append($0) }
            let streamed = CorpusFileContents(documents: scanned, diagnostics: result.diagnostics,
                                              contentHash: result.contentHash)
            #expect(canonicalText(streamed) == canonicalText(whole), "\(file.path) in chunks of \(chunkSize)")
            #expect(scanned == whole.documents && result.diagnostics == whole.diagnostics)
            #expect(canonicalText(try temporary.corpus.read(file)) == canonicalText(whole), "\(file.path)")
            #expect(try temporary.corpus.contentHash(of: file) == whole.contentHash)
        }
    }

    /// Reading once gives what `scan` gives, except for a file whose NUL byte comes after documents were
    /// handed out: then it returns nil (those documents are to be discarded), and `scan` skips the file.
    @Test func scanningInOnePassGivesWhatScanningGivesOrNilForALateNUL() throws {
        var late = 0, early = 0
        for seed in UInt64(1)...120 {
            for format in CorpusFormat.allCases {
                var random = RandomCorpusFile(seed: seed &* 31 &+ UInt64(format.rawValue.utf8.count))
                var bytes = random.bytes(for: format)
                // Every third file gets a NUL byte somewhere (random files seldom hold one).
                if seed % 3 == 0, !bytes.isEmpty { bytes[Int(seed &* 7919) % bytes.count] = 0 }
                for chunkSize in [1, 7, 64, 4096] {
                    let path = "f.\(Self.extensions[format] ?? "txt")"
                    var expected: [Document] = []
                    let reference = try Corpus.scan(MemoryChunks(bytes, chunkSize: chunkSize), path: path, format: format) {
                        expected.append($0)
                    }
                    var once: [Document] = []
                    let result = try Corpus.scanInOnePass(MemoryChunks(bytes, chunkSize: chunkSize), path: path, format: format) {
                        once.append($0)
                    }
                    guard let result else {
                        // Only a binary file, whose documents `scan` never hands out.
                        #expect(bytes.contains(0) && !once.isEmpty && expected.isEmpty, "seed \(seed) \(format) \(chunkSize)")
                        late += 1
                        continue
                    }
                    if bytes.contains(0) { early += 1 }
                    #expect(once == expected, "seed \(seed) \(format) \(chunkSize)")
                    #expect(result.diagnostics == reference.diagnostics, "seed \(seed) \(format) \(chunkSize)")
                    #expect(result.contentHash == reference.contentHash && result.contentHash == FileFingerprint.of(bytes))
                }
            }
        }
        // Both kinds of binary file were met.
        #expect(late > 10 && early > 10, "late \(late), early \(early)")
    }

    @Test func scanningDocumentsAgainGivesWhatScanningGives() throws {
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        for seed in UInt64(1)...30 {
            for format in CorpusFormat.allCases {
                var random = RandomCorpusFile(seed: seed &* 104_729 &+ UInt64(format.rawValue.utf8.count))
                try temporary.write("again/\(seed).\(Self.extensions[format] ?? "txt")", bytes: random.bytes(for: format))
            }
        }
        // A binary file (a NUL byte) has no documents either way.
        try temporary.write("again/binary.jsonl", bytes: Array("{\"id\": \"a\", \"title\": \"x\"}\n{\"id\": \"b\u{0}\"}\n".utf8))
        let files = try temporary.corpus.files()
        #expect(files.count == 30 * CorpusFormat.allCases.count + 1)
        for file in files {
            var scanned: [Document] = []
            _ = try temporary.corpus.scan(file) { scanned.append($0) }
            var again: [Document] = []
            try temporary.corpus.scanDocuments(file) { again.append($0) }
            #expect(again == scanned, "\(file.path)")
            if file.path.hasSuffix("binary.jsonl") { #expect(again.isEmpty) }
        }
    }

    @Test func scanningTheFixtureEqualsReadingIt() throws {
        let url = try #require(Bundle.module.url(forResource: "harbour-archive-page", withExtension: "listing",
                                                 subdirectory: "Fixtures"))
        let corpus = Corpus(root: url.deletingLastPathComponent())
        let file = try #require(try corpus.files().first { $0.path == "harbour-archive-page.listing" })
        let read = try corpus.read(file)
        #expect(read.documents.count == 7)
        for chunkSize in [1, 2, 3, 64, 4096] {
            var scanned: [Document] = []
            let result = try corpus.scan(file, chunkSize: chunkSize) { scanned.append($0) }
            #expect(scanned == read.documents)
            #expect(result.diagnostics == read.diagnostics)
            #expect(result.contentHash == read.contentHash)
        }
        #expect(read.contentHash == FileFingerprint.of(try [UInt8](Data(contentsOf: url))))
    }

    @Test func decoderSplitsLinesLikeAWholeFileSplitForAnyChunking() {
        for seed in UInt64(1)...200 {
            var random = RandomCorpusFile(seed: seed)
            let bytes = random.bytes(for: seed % 2 == 0 ? .jsonl : .listing).filter { $0 != 0 }
            let expected = Self.referenceLines(bytes)
            for chunkSize in [1, 2, 5, 64] {
                var decoder = TextDecoder(file: "f")
                var lines: [TextLine] = []
                MemoryChunks(bytes, chunkSize: chunkSize).forEachChunkIgnoringErrors { decoder.feed($0) { lines.append($0) } }
                decoder.finish { lines.append($0) }
                #expect(lines == expected.lines, "seed \(seed), chunks of \(chunkSize)")
                #expect(decoder.diagnostics.first?.line == expected.firstInvalidLine)
                #expect(decoder.diagnostics.first?.message.contains("(\(expected.invalidCount) line") ?? (expected.invalidCount == 0))
            }
        }
    }

    @Test func aByteOrderMarkAloneOrSplitAcrossChunksIsDropped() {
        let bom = TextDecoder.byteOrderMark
        #expect(Corpus.parse(bom, path: "b.jsonl", format: .jsonl, chunkSize: 1).diagnostics.isEmpty)
        #expect(TextDecoder.decode(bom, file: "b").lines.isEmpty)
        let record = bom + Array("{\"id\": \"j\"}\r\n".utf8)
        for chunkSize in 1...4 {
            #expect(Corpus.parse(record, path: "b.jsonl", format: .jsonl, chunkSize: chunkSize).documents.map(\.id) == ["j"])
        }
    }

    @Test func fileFingerprintPiecewiseEqualsTheDocumentedFormula() {
        var random = RandomCorpusFile.Generator(state: 42)
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 100, 1000] {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
            let expected = Self.referenceFingerprint(bytes)
            #expect(FileFingerprint.of(bytes) == expected, "length \(length)")
            for piece in [1, 3, 8, 13] {
                var accumulator = FileFingerprint.Accumulator(length: length)
                var start = 0
                while start < length {
                    let end = min(length, start + piece)
                    bytes[start..<end].withUnsafeBytes { accumulator.combine($0) }
                    start = end
                }
                #expect(accumulator.value == expected, "length \(length) in pieces of \(piece)")
            }
        }
    }

    // MARK: - Streaming behaviour

    /// JSON lines are parsed a batch at a time (`JSONLinesParser.batchLines`), so a record is handed on once
    /// the last line of its batch is decoded — and before the bytes after that line's chunk are read.
    @Test func eachRecordIsHandedOnBeforeTheBytesAfterItsBatchAreRead() throws {
        let count = 3 * JSONLinesParser.batchLines + 100
        var text = ""
        var recordEnds: [Int] = []
        for index in 0..<count {
            text += "{\"id\": \"r\(index)\", \"body\": \"\(String(repeating: "word ", count: index % 40))\"}\n"
            if index % 3 == 0 { text += "\n" }
            recordEnds.append(text.utf8.count)
        }
        let chunkSize = 100
        let source = CountingChunks(MemoryChunks(Array(text.utf8), chunkSize: chunkSize))
        var seen = 0
        _ = try Corpus.scan(source, path: "s.jsonl", format: .jsonl) { document in
            #expect(document.id == "r\(seen)")
            // The decoding pass has read no more than the chunk holding the end of the record's batch.
            let batchEnd = min(count, (seen / JSONLinesParser.batchLines + 1) * JSONLinesParser.batchLines) - 1
            #expect(source.bytesInCurrentPass <= recordEnds[batchEnd] + chunkSize, "record \(seen)")
            seen += 1
        }
        #expect(seen == count)
        #expect(source.passes == 2)
    }

    @Test func listingIdsAreNumberedAcrossTheWholeStream() throws {
        let record = "May 1, 1949\n\nTitle A\n\nSummary\n\n"
        let text = "Skip to content\n\n" + String(repeating: record, count: 4) + "June 1949\n"
        let contents = Corpus.parse(Array(text.utf8), path: "l.listing", format: .listing, chunkSize: 7)
        #expect(contents.documents.map(\.id) == ["l.listing#1949-05-01-title-a", "l.listing#1949-05-01-title-a-2",
                                                 "l.listing#1949-05-01-title-a-3", "l.listing#1949-05-01-title-a-4"])
        #expect(contents.diagnostics.map(\.description) == ["l.listing:27: warning: date line without a title; ignored"])
    }

    @Test func anErrorFromTheBodyStopsTheScanAndIsRethrown() throws {
        struct Stop: Error {}
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        try temporary.write("s.jsonl", (0..<50).map { "{\"id\": \"r\($0)\"}" }.joined(separator: "\n"))
        let file = try #require(try temporary.corpus.files().first)
        var seen: [String] = []
        #expect(throws: Stop.self) {
            _ = try temporary.corpus.scan(file) { document in
                seen.append(document.id)
                if seen.count == 3 { throw Stop() }
            }
        }
        #expect(seen == ["r0", "r1", "r2"])
    }

    @Test func aNULByteInALaterChunkSkipsTheWholeFileNamingItsLine() throws {
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        let lines = (0..<40).map { "{\"id\": \"r\($0)\"}\n" }.joined()
        try temporary.write("bin.jsonl", bytes: Array(lines.utf8) + Array("{\"id\": ".utf8) + [0] + Array("\"x\"}\n".utf8))
        let file = try #require(try temporary.corpus.files().first)
        for chunkSize in [3, 64, 1 << 16] {
            var count = 0
            let result = try temporary.corpus.scan(file, chunkSize: chunkSize) { _ in count += 1 }
            #expect(count == 0)
            #expect(result.diagnostics.map(\.description) == [
                "bin.jsonl:41: warning: file contains a NUL byte, so it looks binary; skipped",
            ])
        }
    }

    @Test func scanningOrHashingAVanishedFileThrowsUnreadable() throws {
        let temporary = try TemporaryCorpus()
        defer { temporary.remove() }
        try temporary.write("gone.jsonl", "{\"id\": \"a\"}\n")
        let file = try #require(try temporary.corpus.files().first)
        try FileManager.default.removeItem(at: file.url)
        #expect(throws: CorpusError.unreadable(path: "gone.jsonl", reason: "No such file or directory")) {
            _ = try temporary.corpus.scan(file) { _ in }
        }
        #expect(throws: CorpusError.unreadable(path: "gone.jsonl", reason: "No such file or directory")) {
            _ = try temporary.corpus.contentHash(of: file)
        }
    }

    // MARK: - Independent references

    /// Lines by the rules written out plainly over the whole file: drop a leading BOM, split at LF, no line after a
    /// final LF, drop a CR before LF, repair invalid UTF-8.
    static func referenceLines(_ bytes: [UInt8]) -> (lines: [TextLine], firstInvalidLine: Int?, invalidCount: Int) {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        var pieces = body.split(separator: 0x0A, omittingEmptySubsequences: false)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        var lines: [TextLine] = []
        var firstInvalid: Int?
        var invalidCount = 0
        for (index, piece) in pieces.enumerated() {
            let line = piece.last == 0x0D ? piece.dropLast() : piece
            if String(validating: line, as: UTF8.self) == nil {
                firstInvalid = firstInvalid ?? index + 1
                invalidCount += 1
            }
            lines.append(TextLine(number: index + 1, text: String(decoding: line, as: UTF8.self)))
        }
        return (lines, firstInvalid, invalidCount)
    }

    /// `FileFingerprint` as its documentation states it, one byte at a time.
    static func referenceFingerprint(_ bytes: [UInt8]) -> UInt64 {
        func step(_ h: UInt64, _ word: UInt64) -> UInt64 {
            let x = h ^ (word &* 0x9E37_79B9_7F4A_7C15)
            return ((x << 31) | (x >> 33)) &* 0xC2B2_AE3D_27D4_EB4F
        }
        var h = 0x2545_F491_4F6C_DD1D ^ UInt64(bytes.count)
        var word: UInt64 = 0
        for (index, byte) in bytes.enumerated() {
            word |= UInt64(byte) << UInt64(8 * (index % 8))
            if index % 8 == 7 {
                h = step(h, word)
                word = 0
            }
        }
        h = step(h, word)
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }
}

/// A chunk source that counts passes and the bytes handed out in the current one.
final class CountingChunks: ByteChunkSource {
    let base: MemoryChunks
    private(set) var passes = 0
    private(set) var bytesInCurrentPass = 0

    init(_ base: MemoryChunks) {
        self.base = base
    }

    var expectedByteCount: Int { base.expectedByteCount }

    func forEachChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Bool) throws {
        passes += 1
        bytesInCurrentPass = 0
        try base.forEachChunk { chunk in
            bytesInCurrentPass += chunk.count
            return try body(chunk)
        }
    }
}

extension MemoryChunks {
    /// Every chunk in order (memory cannot fail to read).
    func forEachChunkIgnoringErrors(_ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        try? forEachChunk { chunk in
            body(chunk)
            return true
        }
    }
}
