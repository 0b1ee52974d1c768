/// The file formats a corpus may contain, chosen by file extension (compared case-insensitively).
///
/// - `text` (`.txt`) and `markdown` (`.md`): one document per file, optional `Key: value` header.
/// - `jsonl` (`.jsonl`): one JSON object per line, one document per object.
/// - `listing` (`.listing`): an archive results page; one document per date/title/summary record.
public enum CorpusFormat: String, Sendable, CaseIterable {
    case text, markdown, jsonl, listing

    /// The format for a file name's extension, or `nil` when the corpus does not read that kind of file.
    public init?(fileExtension: String) {
        switch fileExtension.lowercased() {
        case "txt": self = .text
        case "md": self = .markdown
        case "jsonl": self = .jsonl
        case "listing": self = .listing
        default: return nil
        }
    }
}
