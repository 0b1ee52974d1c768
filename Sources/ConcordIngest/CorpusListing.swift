/// The corpus files below a root, and what could not be listed or read while finding them.
///
/// `problems` are reported like content problems, as diagnostics: an unreadable folder or file
/// (`notes: error: Permission denied`), a path too long to open, an entry that is neither a file nor a
/// folder, a name that is not valid UTF-8. `unreadablePaths` are the paths (relative to the root) that
/// exist but could not be listed or inspected: what was indexed from them before should be kept, since
/// nothing is known about them now.
public struct CorpusListing: Sendable {
    public var files: [CorpusFile] = []
    public var problems: [CorpusDiagnostic] = []
    public var unreadablePaths: [String] = []

    public init() {}

    /// Whether `path` is, or lies inside, one of `unreadablePaths`.
    public func isUnreadable(_ path: String) -> Bool {
        unreadablePaths.contains { path == $0 || path.hasPrefix($0 + "/") }
    }
}
