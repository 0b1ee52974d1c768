/// Turns a corpus file's raw bytes into lines of text, the one place where byte-level problems are handled.
///
/// - Files containing a NUL byte are taken to be binary and skipped (no lines) with a warning (`binaryFileWarning`;
///   the caller checks for NUL bytes first, since a file must be skipped before any of its lines is used).
/// - A leading UTF-8 byte order mark is dropped.
/// - Lines end at LF; a CR right before it (CRLF) is dropped too. Text after the last LF is a last line.
/// - Invalid UTF-8 is repaired with U+FFFD, with one warning per file naming the first bad line and the count.
///
/// Bytes are fed in chunks split anywhere (`feed`, then `finish`); each line is handed on as soon as it is complete,
/// so only a line that spans chunks is ever copied, and memory is bounded by the longest line.
struct TextDecoder {
    struct Result {
        var lines: [TextLine]
        var diagnostics: [CorpusDiagnostic]
        /// True when the file was skipped as binary.
        var isSkipped: Bool
    }

    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    let file: String
    /// The start of a line not yet ended by a line feed (kept across chunks).
    private var partialLine: [UInt8] = []
    private var lineCount = 0
    private var firstInvalidLine: Int?
    private var invalidLineCount = 0

    init(file: String) {
        self.file = file
    }

    /// The warning for a file skipped because of a NUL byte on `line`.
    static func binaryFileWarning(_ file: String, line: Int) -> CorpusDiagnostic {
        .warning(file, line: line, "file contains a NUL byte, so it looks binary; skipped")
    }

    /// Decodes a whole file held in memory.
    static func decode(_ bytes: [UInt8], file: String) -> Result {
        if let nul = bytes.firstIndex(of: 0) {
            let line = 1 + bytes[..<nul].lazy.filter { $0 == lineFeed }.count
            return Result(lines: [], diagnostics: [binaryFileWarning(file, line: line)], isSkipped: true)
        }
        var decoder = TextDecoder(file: file)
        var lines: [TextLine] = []
        bytes.withUnsafeBufferPointer { decoder.feed($0) { lines.append($0) } }
        decoder.finish { lines.append($0) }
        return Result(lines: lines, diagnostics: decoder.diagnostics, isSkipped: false)
    }

    /// Decodes the next bytes of the file, calling `emit` with each line they complete.
    mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>, _ emit: (TextLine) throws -> Void) rethrows {
        var start = 0
        while start < chunk.count {
            guard let newline = chunk.firstIndex(of: TextDecoder.lineFeed, from: start) else {
                partialLine.append(contentsOf: chunk[start...])
                return
            }
            if partialLine.isEmpty {
                try emitLine(UnsafeBufferPointer(rebasing: chunk[start..<newline]), emit)
            } else {
                partialLine.append(contentsOf: chunk[start..<newline])
                try emitPartialLine(emit)
            }
            start = newline + 1
        }
    }

    /// Ends the file: emits the text after the last line feed, if any, as the last line.
    mutating func finish(_ emit: (TextLine) throws -> Void) rethrows {
        guard !partialLine.isEmpty else { return }
        // A file of just a byte order mark has no lines.
        if lineCount == 0 && partialLine == TextDecoder.byteOrderMark {
            partialLine.removeAll()
            return
        }
        try emitPartialLine(emit)
    }

    /// The warning about invalid UTF-8, once all lines are decoded (empty when there was none).
    var diagnostics: [CorpusDiagnostic] {
        guard let firstInvalidLine else { return [] }
        let lineWord = invalidLineCount == 1 ? "line" : "lines"
        return [.warning(file, line: firstInvalidLine,
                         "invalid UTF-8 replaced with U+FFFD (\(invalidLineCount) \(lineWord) affected)")]
    }

    private mutating func emitPartialLine(_ emit: (TextLine) throws -> Void) rethrows {
        var bytes: [UInt8] = []
        swap(&bytes, &partialLine)
        let line = bytes.withUnsafeBufferPointer { decodeLine($0) }
        // The bytes of a huge line are not kept (as spare capacity) while the line is handed on.
        if bytes.capacity > 1 << 20 {
            bytes = []
        } else {
            bytes.removeAll(keepingCapacity: true)
            swap(&bytes, &partialLine)
        }
        try emit(line)
    }

    /// Emits one line given its bytes without the line feed.
    private mutating func emitLine(_ raw: UnsafeBufferPointer<UInt8>, _ emit: (TextLine) throws -> Void) rethrows {
        try emit(decodeLine(raw))
    }

    /// Decodes the next line from its bytes without the line feed.
    private mutating func decodeLine(_ raw: UnsafeBufferPointer<UInt8>) -> TextLine {
        lineCount += 1
        var bytes = raw
        if lineCount == 1, bytes.starts(with: TextDecoder.byteOrderMark) {
            bytes = UnsafeBufferPointer(rebasing: bytes[TextDecoder.byteOrderMark.count...])
        }
        if bytes.last == TextDecoder.carriageReturn {
            bytes = UnsafeBufferPointer(rebasing: bytes[..<(bytes.count - 1)])
        }
        let text: String
        if let valid = String(validating: bytes, as: UTF8.self) {
            text = valid
        } else {
            text = String(decoding: bytes, as: UTF8.self)
            firstInvalidLine = firstInvalidLine ?? lineCount
            invalidLineCount += 1
        }
        return TextLine(number: lineCount, text: text)
    }
}
