import Foundation

/// One file of a corpus as found on disk by `Corpus.files()`.
///
/// `path` is relative to the corpus root, `/`-separated, and is what documents use as `source` (and text documents
/// as their default id); a name that is not valid UTF-8 appears in it with each invalid byte written `\xHH`
/// (`caf\xE9.txt`), while `location` keeps the raw bytes the file is opened by. `size` and `modificationTime`
/// (nanoseconds since 1970, from `stat`) are what callers use to tell whether the file changed since it was last read.
public struct CorpusFile: Equatable, Sendable {
    public var path: String
    public var url: URL
    public var size: Int64
    public var modificationTime: Int64
    public var format: CorpusFormat
    /// The file's absolute path as raw bytes (no NUL), exactly as the file system names it.
    public var location: [UInt8]

    public init(path: String, url: URL, size: Int64, modificationTime: Int64, format: CorpusFormat,
                location: [UInt8]? = nil) {
        self.path = path
        self.url = url
        self.size = size
        self.modificationTime = modificationTime
        self.format = format
        self.location = location ?? Array(url.path.utf8)
    }
}
