/// A format's parser, fed a file's decoded lines one at a time: it hands on each document as soon as the lines
/// that make it are complete, so a file need not be held in memory to be read (except where the format makes the
/// whole file one document).
protocol LineParser {
    /// Problems met so far, in line order; complete once `finish` returned.
    var diagnostics: [CorpusDiagnostic] { get }

    /// Takes the next line, calling `emit` with any document it completes.
    mutating func take(_ line: TextLine, _ emit: (Document) throws -> Void) rethrows

    /// Ends the file, calling `emit` with the documents still pending.
    mutating func finish(_ emit: (Document) throws -> Void) rethrows
}
