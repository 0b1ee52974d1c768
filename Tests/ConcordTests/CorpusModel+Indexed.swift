import Foundation
@testable import Concord

extension CorpusModel {
    /// A random corpus in `folder` (populated, then changed `mutations` times) and its index, built with a
    /// small RAM budget so that it has several segments.
    static func indexedRandomCorpus(in folder: TemporaryFolder, mutations: Int,
                                    _ rng: inout SeededGenerator) throws -> (model: CorpusModel, index: IndexFolder) {
        var model = CorpusModel(root: folder.appending("corpus"))
        try model.populate(&rng)
        for _ in 0..<mutations { _ = try model.mutate(&rng) }
        let index = IndexFolder(path: folder.appending("index"))
        var options = CorpusIndexer.Options()
        options.ramBudget = 64 << 10  // several segments
        _ = try index.update(fromCorpus: model.root, options: options)
        return (model, index)
    }
}
