/// The rules that turn a corpus key (a `.jsonl` key, a `Key: value` header line of a `.txt`/`.md` file)
/// into a metadata field: an exact-match keyword field such as `collection` or `author`.
///
/// - The field's name is the key lower-cased. It must start with a letter and continue with letters,
///   digits, `-` or `_`, so that a query can name it (`collection:frus`); other keys are reported and
///   ignored.
/// - The names of the document's own parts (`id`, `title`, `date`, `summary`, `body`, `source`, `line`,
///   `language`) are reserved: a key that lower-cases to one of them, other than the part itself, is
///   reported and ignored.
/// - The value is kept as written, with surrounding white space trimmed; an empty value means no value.
public enum MetadataField {
    /// Names a metadata field can never take.
    public static let reservedNames: Set<String> = ["id", "title", "date", "summary", "body", "source", "line", "language"]

    /// Why a key does not make a metadata field.
    public enum Rejection: Error, Equatable, Sendable {
        case invalidName
        case reserved(String)
    }

    /// The field name of `key` (lower-cased), or why it has none.
    public static func name(forKey key: String) -> Result<String, Rejection> {
        guard isValidName(key) else { return .failure(.invalidName) }
        let name = key.lowercased()
        guard !reservedNames.contains(name) else { return .failure(.reserved(name)) }
        return .success(name)
    }

    /// True for a letter followed by letters, digits, `-` or `_`.
    public static func isValidName(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first.properties.isAlphabetic else { return false }
        return key.unicodeScalars.allSatisfy {
            $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
    }

    /// The value to keep: `text` trimmed, nil when nothing is left.
    public static func value(_ text: String) -> String? {
        let trimmed = text.trimmingWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The message for a rejected key.
    static func message(key: String, _ rejection: Rejection) -> String {
        switch rejection {
        case .invalidName:
            return "key \"\(key)\" is not a metadata field name (a letter, then letters, digits, - or _); ignored"
        case .reserved(let name):
            return "key \"\(key)\" would be the metadata field \(name), a name reserved for the record's own \(name); ignored"
        }
    }
}
