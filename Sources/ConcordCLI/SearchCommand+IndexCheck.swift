import ArgumentParser
import Concord
import Foundation

/// What `concord search` does about the index before it searches:
/// - an explicit `--index` must hold an index (exit 3 otherwise: a search never builds one where the user
///   pointed, since a mistyped path would silently index `./Corpus` there);
/// - the default `Index/` is built from the corpus when missing, rebuilt when its format is older, and when
///   the corpus changed since its last commit (file list, sizes, times; nothing is read) a note on standard
///   error says so.
func prepareIndexForSearch(_ indexOption: IndexOption, corpus: String) throws {
    let path = indexOption.index
    let folder = IndexFolder(path: path)
    if indexOption.isExplicit {
        guard folder.exists else {
            printError("concord: error: no index at \(path); build it with `concord index --index \(path) --corpus FOLDER` "
                       + "(a search builds an index by itself only at the default \(IndexOption.defaultPath))")
            throw ExitStatus.failure
        }
        return
    }
    if !folder.exists || folder.outdatedFormatVersion() != nil {
        guard FileManager.default.fileExists(atPath: corpus) else {
            printError("concord: error: no index at \(path) and no corpus at \(corpus) to build it from")
            throw ExitStatus.failure
        }
        if !folder.exists { printError("concord: no index at \(path); indexing \(corpus) first") }
        _ = try runIndexing(corpus: corpus, index: path, options: .init(), quiet: false, summaryToStandardError: true)
        return
    }
    guard FileManager.default.fileExists(atPath: corpus), let changes = try? folder.corpusChanges(corpusPath: corpus),
          !changes.isEmpty else { return }
    var parts: [String] = []
    if changes.added > 0 { parts.append("\(changes.added) new") }
    if changes.changed > 0 { parts.append("\(changes.changed) changed") }
    if changes.removed > 0 { parts.append("\(changes.removed) removed") }
    printError("concord: \(corpus) has changed since the index was built (\(parts.joined(separator: ", ")) file(s)); "
               + "these results do not include the changes; run `concord index` to update the index")
}
