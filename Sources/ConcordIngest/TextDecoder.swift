/// Turns a corpus file's raw bytes into lines of text, the one place where byte-level problems are handled.
///
/// - Files containing a NUL byte are taken to be binary and skipped (no lines) with a warning.
/// - A leading UTF-8 byte order mark is dropped.
/// - Lines end at LF; a CR right before it (CRLF) is dropped too.
/// - Invalid UTF-8 is repaired with U+FFFD, with one warning per file naming the first bad line and the count.
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

    static func decode(_ bytes: [UInt8], file: String) -> Result {
        if let nul = bytes.firstIndex(of: 0) {
            let line = 1 + bytes[..<nul].lazy.filter { $0 == lineFeed }.count
            let warning = CorpusDiagnostic.warning(file, line: line, "file contains a NUL byte, so it looks binary; skipped")
            return Result(lines: [], diagnostics: [warning], isSkipped: true)
        }
        var start = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
        var lines: [TextLine] = []
        var firstInvalidLine: Int?
        var invalidLineCount = 0
        var number = 0
        while start < bytes.count {
            number += 1
            let newline = bytes[start...].firstIndex(of: lineFeed) ?? bytes.count
            var end = newline
            if end > start && bytes[end - 1] == carriageReturn { end -= 1 }
            let slice = bytes[start..<end]
            if let text = String(validating: slice, as: UTF8.self) {
                lines.append(TextLine(number: number, text: text))
            } else {
                lines.append(TextLine(number: number, text: String(decoding: slice, as: UTF8.self)))
                firstInvalidLine = firstInvalidLine ?? number
                invalidLineCount += 1
            }
            start = newline + 1
        }
        var diagnostics: [CorpusDiagnostic] = []
        if let firstInvalidLine {
            let lineWord = invalidLineCount == 1 ? "line" : "lines"
            diagnostics.append(.warning(file, line: firstInvalidLine,
                                        "invalid UTF-8 replaced with U+FFFD (\(invalidLineCount) \(lineWord) affected)"))
        }
        return Result(lines: lines, diagnostics: diagnostics, isSkipped: false)
    }
}
