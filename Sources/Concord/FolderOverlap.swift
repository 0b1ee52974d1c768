#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// How an index folder and a corpus folder may overlap, compared by their resolved real paths (symbolic
/// links, `.` and `..` resolved; a folder that does not exist yet is resolved through its nearest
/// existing ancestor). Any overlap is refused: an index inside its corpus would be read as corpus files,
/// and the index writer's cleanup must never run where the user's documents live.
enum FolderOverlap: Equatable {
    case same
    case indexInsideCorpus
    case corpusInsideIndex

    /// The overlap of the index at `index` and the corpus at `corpus`, nil when they are apart.
    static func of(index: String, corpus: String) -> FolderOverlap? {
        let indexPath = resolved(index), corpusPath = resolved(corpus)
        if indexPath == corpusPath { return .same }
        if isInside(indexPath, corpusPath) { return .indexInsideCorpus }
        if isInside(corpusPath, indexPath) { return .corpusInsideIndex }
        return nil
    }

    private static func isInside(_ path: String, _ folder: String) -> Bool {
        path.hasPrefix(folder == "/" ? "/" : folder + "/")
    }

    /// The absolute real path of `path`, whose trailing components may not exist yet.
    static func resolved(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        var missing: [String] = []
        var existing = absolute
        while true {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                var result = String(cString: real)
                for component in missing.reversed() {
                    switch component {
                    case "", ".": continue
                    case "..": result = (result as NSString).deletingLastPathComponent
                    default: result += (result.hasSuffix("/") ? "" : "/") + component
                    }
                }
                return result
            }
            let parent = (existing as NSString).deletingLastPathComponent
            guard parent != existing, !parent.isEmpty else { return (absolute as NSString).standardizingPath }
            missing.append((existing as NSString).lastPathComponent)
            existing = parent
        }
    }
}
