import Foundation

/// One file of a corpus as found on disk by `Corpus.files()`.
///
/// `path` is relative to the corpus root, `/`-separated, and is what documents use as `source` (and text documents
/// as their default id). `size` and `modificationTime` (nanoseconds since 1970, from `stat`) are what callers use to
/// tell whether the file changed since it was last read.
public struct CorpusFile: Equatable, Sendable {
    public var path: String
    public var url: URL
    public var size: Int64
    public var modificationTime: Int64
    public var format: CorpusFormat

    public init(path: String, url: URL, size: Int64, modificationTime: Int64, format: CorpusFormat) {
        self.path = path
        self.url = url
        self.size = size
        self.modificationTime = modificationTime
        self.format = format
    }
}
