/// The names an index writer can create, recognised exactly — so cleanup never deletes a file the index
/// did not write (`commit-history.txt`, `seg-notes.del` and `segment.txt` are not index files).
///
/// Index file names:
///
///     commit-<generation>            a commit (generation: decimal, no sign, no leading zero)
///     commit-<generation>.pending    a commit being written
///     seg<number>.<ext>              a segment part (number: base 36, lowercase, no leading zero;
///                                    ext: one of `SegmentFiles.extensions`, or a reserved one)
///     seg<number>_<generation>.del   a segment's deletions at a commit generation
///     manifest-<generation>          a user file of the commit of that generation (the pipeline's
///     manifest-<generation>-<k>      corpus manifest head and its per-file record lists; k: decimal)
///     write.lock                     the writer's lock (never deleted)
public enum IndexFiles {
    /// Extensions a segment file may have: those written now and those reserved for parts a later
    /// version adds (`col`: per-document columns), so an older writer's cleanup still recognises them.
    static let segmentExtensions: Set<String> = Set(SegmentFiles.extensions).union(["col"])

    /// The lock file's name.
    public static let lockFile = "write.lock"

    /// The prefix of the files a commit keeps for its user (`IndexWriter.writeUserFile`).
    public static let userFilePrefix = "manifest-"

    /// Whether `name` is a user file name as the pipeline writes them: `manifest-<generation>` or
    /// `manifest-<generation>-<k>`.
    public static func isUserFile(_ name: String) -> Bool {
        guard let rest = name.strippingPrefix(userFilePrefix) else { return false }
        let parts = rest.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2, decimal(parts[0]) != nil else { return false }
        return parts.count == 1 || parts[1] == "0" || decimal(parts[1]) != nil
    }

    /// Whether `name` is a file an index writer creates (the lock excluded): see the type's patterns.
    public static func isIndexFile(_ name: String) -> Bool {
        if isUserFile(name) { return true }
        if let rest = name.strippingPrefix(Commit.prefix) {
            let generation = rest.strippingSuffix(".pending") ?? rest
            return decimal(generation) != nil
        }
        guard let rest = name.strippingPrefix("seg"), let dot = rest.lastIndex(of: ".") else { return false }
        let stem = rest[..<dot]
        let ext = String(rest[rest.index(after: dot)...])
        if ext == "del" {
            guard let underscore = stem.firstIndex(of: "_") else { return false }
            return base36(stem[..<underscore]) != nil && decimal(stem[stem.index(after: underscore)...]) != nil
        }
        return segmentExtensions.contains(ext) && base36(stem) != nil
    }

    /// The segment number of an index file (`seg1a.doc`, `seg1a_3.del` → 46), nil for any other name.
    static func segmentNumber(_ name: String) -> Int? {
        guard isIndexFile(name), let rest = name.strippingPrefix("seg") else { return nil }
        return base36(rest.prefix { $0 != "." && $0 != "_" })
    }

    /// The generation of a complete commit file (`commit-12` → 12), nil for any other name.
    static func commitGeneration(_ name: String) -> Int? {
        name.strippingPrefix(Commit.prefix).flatMap(decimal)
    }

    /// Whether a folder's entry may sit next to an index that does not exist yet: hidden names
    /// (`.gitignore`) and read-me files (`README`, `README.md`, any case), besides index files and the lock.
    /// A folder holding anything else is not an index, and no index is created in it.
    public static func mayPrecedeIndex(_ name: String) -> Bool {
        if name == lockFile || name.hasPrefix(".") || isIndexFile(name) { return true }
        let stem = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
        return stem.uppercased() == "README"
    }

    /// A positive decimal number as the writer spells it (`String(n)`), else nil.
    private static func decimal(_ text: some StringProtocol) -> Int? {
        guard let first = text.utf8.first, first != UInt8(ascii: "0"),
              text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(text)
    }

    /// A positive base-36 number as the writer spells it (`String(n, radix: 36)`), else nil.
    private static func base36(_ text: some StringProtocol) -> Int? {
        guard let first = text.utf8.first, first != UInt8(ascii: "0"),
              text.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                                      || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) }) else { return nil }
        return Int(text, radix: 36)
    }
}

extension String {
    /// The rest of the string after `prefix`, or nil when it does not start with it.
    fileprivate func strippingPrefix(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }

    /// The string without `suffix`, or nil when it does not end with it.
    fileprivate func strippingSuffix(_ suffix: String) -> String? {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) : nil
    }
}
