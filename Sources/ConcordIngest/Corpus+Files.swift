#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension Corpus {
    /// The corpus files below the root: supported extensions only, hidden names skipped, sorted by path bytes.
    /// Folders and files that cannot be listed or inspected are left out (see `listing()` for what they were).
    ///
    /// Throws `CorpusError.missingRoot` when the root does not exist, `.rootNotADirectory` when it is a file, and
    /// `.unreadable` when the root cannot be listed.
    public func files() throws -> [CorpusFile] {
        try listing().files
    }

    /// `file` as `stat` sees it now (size and modification time updated), or nil when it cannot be inspected.
    public func refreshed(_ file: CorpusFile) -> CorpusFile? {
        guard case .success(let status) = FileStatus.of(location: file.location, followingLinks: true),
              status.kind == .regularFile else { return nil }
        var file = file
        file.size = status.size
        file.modificationTime = status.modificationTime
        return file
    }

    /// The corpus files below the root, as `files()`, with the problems met while finding them: a folder that
    /// cannot be listed, an entry that cannot be inspected (permission, a path longer than the system allows, a
    /// loop of symbolic links) and an entry that is neither file nor folder are reported as errors; a file whose
    /// name is not valid UTF-8 is listed (opened by its raw bytes, named with `\xHH` escapes) with a warning.
    /// Only the root itself failing is thrown.
    public func listing() throws -> CorpusListing {
        switch FileStatus.of(path: root.path, followingLinks: true) {
        case .failure:
            throw CorpusError.missingRoot(path: root.path)
        case .success(let status) where status.kind != .directory:
            throw CorpusError.rootNotADirectory(path: root.path)
        case .success:
            break
        }
        var listing = CorpusListing()
        try collectFiles(in: Array(root.path.utf8), url: root, relativePath: "", into: &listing)
        listing.files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return listing
    }

    private func collectFiles(in directory: [UInt8], url: URL, relativePath: String,
                              into listing: inout CorpusListing) throws {
        let names: [[UInt8]]
        do {
            names = try entries(of: directory, relativePath: relativePath)
        } catch let error as FileStatus.StatusError {
            guard !relativePath.isEmpty else {
                throw CorpusError.unreadable(path: ".", reason: error.reason)
            }
            listing.problems.append(.error(relativePath, error.reason))
            listing.unreadablePaths.append(relativePath)
            return
        }
        for raw in names where raw.first != UInt8(ascii: ".") {
            let (name, isValidUTF8) = FileName.text(of: raw)
            let location = directory + [UInt8(ascii: "/")] + raw
            let path = relativePath.isEmpty ? name : relativePath + "/" + name
            let fileURL = url.appendingPathComponent(name)
            let status: FileStatus
            switch FileStatus.of(location: location, followingLinks: true) {
            case .success(let found):
                status = found
            case .failure(let error) where error.code == ENOENT:
                // Vanished since the listing, or a link to nothing: not part of the corpus.
                continue
            case .failure(let error):
                // Cannot be inspected (a folder on the way without search permission, a path longer than the
                // system allows, a loop of symbolic links): it may be a corpus file or folder, so say so.
                listing.problems.append(.error(path, error.reason))
                listing.unreadablePaths.append(path)
                continue
            }
            switch status.kind {
            case .directory:
                // Do not follow links to folders: they could loop or leave the corpus.
                guard FileStatus.of(location: location, followingLinks: false).isDirectory else { continue }
                try collectFiles(in: location, url: fileURL, relativePath: path, into: &listing)
            case .regularFile:
                guard let format = Corpus.format(ofFileNamed: name) else { continue }
                if !isValidUTF8 {
                    listing.problems.append(.warning(path, "the file name is not valid UTF-8; indexed, with each invalid byte written \\xHH in its id and source"))
                }
                listing.files.append(CorpusFile(path: path, url: fileURL, size: status.size,
                                                modificationTime: status.modificationTime, format: format,
                                                location: location))
            case .other:
                guard Corpus.format(ofFileNamed: name) != nil else { continue }
                listing.problems.append(.error(path, "not a regular file (a device, socket or pipe); skipped"))
            }
        }
    }

    /// The names in a folder (raw bytes, `.` and `..` left out). Throws `FileStatus.StatusError` when it cannot
    /// be listed.
    private func entries(of directory: [UInt8], relativePath: String) throws -> [[UInt8]] {
        if simulatedUnreadablePaths.contains(relativePath) { throw FileStatus.StatusError(code: EACCES) }
        guard let handle = opendir(cString(directory)) else { throw FileStatus.StatusError(code: errno) }
        defer { closedir(handle) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(handle) else {
                if errno != 0 { throw FileStatus.StatusError(code: errno) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] { names.append(name) }
        }
        return names
    }

    /// The format for a corpus path (relative, `/`-separated) by its last extension, or `nil`.
    public static func format(ofPath path: String) -> CorpusFormat? {
        format(ofFileNamed: String(path.split(separator: "/").last ?? ""))
    }

    /// The format for a file name by its last extension, or `nil` when unsupported or there is none.
    static func format(ofFileNamed name: String) -> CorpusFormat? {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        return CorpusFormat(fileExtension: String(name[name.index(after: dot)...]))
    }
}

extension Result where Success == FileStatus {
    fileprivate var isDirectory: Bool {
        if case .success(let status) = self { return status.kind == .directory }
        return false
    }
}
