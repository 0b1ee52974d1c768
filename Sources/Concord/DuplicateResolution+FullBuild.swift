extension DuplicateResolution {
    /// The duplicate resolution of a build from nothing (a first build or a rebuild), where every id is
    /// resolved: the same winners, warnings and count as `DuplicateResolution` with every id a candidate,
    /// found by sorting one 16-byte (id hash, location) pair per record instead of keeping a set and a
    /// map of every id as Strings. Ids with equal hashes are compared byte for byte, so a hash collision
    /// never merges two ids. The pairs are let go before the documents are added.
    struct FullBuild {
        /// Per entry, the records that a later record with the same id replaces (they are not added).
        private(set) var losers: [Int: Set<Int>] = [:]
        /// All duplicate warnings, ordered as `DuplicateResolution.warnings`.
        private(set) var warnings: [Warning] = []
        /// Distinct ids in the corpus.
        private(set) var documentCount = 0

        init(_ entries: [CorpusManifest.Entry]) {
            var keys: [(hash: UInt64, location: UInt64)] = []
            keys.reserveCapacity(entries.reduce(0) { $0 + $1.records.count })
            for e in entries.indices {
                let records = entries[e].records
                for r in records.indices { keys.append((records.idHash(at: r), UInt64(e) << 32 | UInt64(r))) }
            }
            // Sorting by hash, then location, puts the records of each id in corpus order (path, then line).
            keys.sort { ($0.hash, $0.location) < ($1.hash, $1.location) }
            documentCount = keys.count
            func location(_ packed: UInt64) -> Location { Location(entry: Int(packed >> 32), record: Int(packed & 0xFFFF_FFFF)) }
            func id(_ l: Location) -> ArraySlice<UInt8> { entries[l.entry].records.idBytes(at: l.record) }
            var start = 0
            while start < keys.count {
                var end = start + 1
                while end < keys.count, keys[end].hash == keys[start].hash { end += 1 }
                if end - start > 1 { resolve(Array(keys[start..<end].map { location($0.location) }), entries: entries, id: id) }
                start = end
            }
            warnings.sort(by: DuplicateResolution.order)
        }

        /// Resolves records sharing one id hash (in corpus order), which may hold several distinct ids.
        private mutating func resolve(_ group: [Location], entries: [CorpusManifest.Entry],
                                      id: (Location) -> ArraySlice<UInt8>) {
            var remaining = group
            while let first = remaining.first {
                let same = remaining.filter { id($0) == id(first) }
                remaining.removeAll { id($0) == id(first) }
                // Each record replaces the one before it, as a read in corpus order does.
                for (loser, winner) in zip(same, same.dropFirst()) {
                    losers[loser.entry, default: []].insert(loser.record)
                    warnings.append(DuplicateResolution.warning(entries, loser: loser, winner: winner))
                    documentCount -= 1
                }
            }
        }
    }
}
