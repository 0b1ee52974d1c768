import Foundation

/// One segment's terms held in memory for fuzzy passes (`Kruschev~`, did-you-mean), built by one pass
/// over the dictionary the first time a fuzzy pass needs it and kept while the segment is open.
///
/// Terms are grouped by their length in characters and carry a 64-bit set of their characters (bit
/// v % 64 for a character of value v) and their document frequency. A fuzzy pass then visits only the
/// terms of a length within the edit limit that have at most `limit` characters (counted by set bit) the
/// word lacks — each such character needs an insertion or substitution of its own — instead of decoding
/// the whole dictionary each time. The terms visited are a superset of the matches; callers compute
/// the distance. Invalid UTF-8 in a term is measured as `String(decoding:as:)` repairs it.
final class FuzzyTermIndex: Sendable {
    /// Terms in dictionary order: term k's bytes are `bytes[starts[k] ..< starts[k + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int]
    private let frequencies: [Int32]
    /// Term numbers ordered by length in characters (dictionary order within a length), and their
    /// character sets in that order.
    private let byLength: [Int32]
    private let characterSets: [UInt64]
    /// Entries of `byLength` for terms of length L (characters) are `lengthStarts[L] ..< lengthStarts[L + 1]`.
    private let lengthStarts: [Int]

    /// Gathers the terms `forEachTerm` lists (UTF-8 bytes with their document frequencies);
    /// `expectedTerms` only sizes the buffers.
    init(expectedTerms: Int, _ forEachTerm: (([UInt8], Int) throws -> Bool) throws -> Void) throws {
        let reserve = min(max(expectedTerms, 0), 1 << 22)
        var termBytes: [UInt8] = [], termStarts: [Int] = [0], lengths: [Int32] = [], sets: [UInt64] = [], dfs: [Int32] = []
        termBytes.reserveCapacity(reserve * 10)
        termStarts.reserveCapacity(reserve + 1)
        lengths.reserveCapacity(reserve)
        sets.reserveCapacity(reserve)
        dfs.reserveCapacity(reserve)
        try forEachTerm { term, df in
            var set: UInt64 = 0, all: UInt8 = 0
            for byte in term {
                set |= 1 << UInt64(byte & 63)
                all |= byte
            }
            if all < 0x80 {
                lengths.append(Int32(clamping: term.count))
            } else {
                set = 0
                let scalars = String(decoding: term, as: UTF8.self).unicodeScalars
                for scalar in scalars { set |= 1 << UInt64(scalar.value & 63) }
                lengths.append(Int32(clamping: scalars.count))
            }
            termBytes.append(contentsOf: term)
            termStarts.append(termBytes.count)
            sets.append(set)
            dfs.append(Int32(clamping: df))
            return true
        }
        // Counting sort by length, dictionary order kept within a length.
        let longest = Int(lengths.max() ?? 0)
        var firsts = [Int](repeating: 0, count: longest + 2)
        for length in lengths { firsts[Int(length) + 1] += 1 }
        for l in 0...longest { firsts[l + 1] += firsts[l] }
        var slot = firsts
        var order = [Int32](repeating: 0, count: lengths.count)
        for (k, length) in lengths.enumerated() {
            order[slot[Int(length)]] = Int32(k)
            slot[Int(length)] += 1
        }
        bytes = termBytes
        starts = termStarts
        frequencies = dfs
        byLength = order
        characterSets = order.map { sets[Int($0)] }
        lengthStarts = firsts
    }

    var termCount: Int { frequencies.count }

    /// Calls `body` with every term (UTF-8 bytes, document frequency) of a length in `lengths` that has
    /// at most `limit` characters outside `characters` (a set as described above); others are skipped.
    func forEachCandidate(lengths: ClosedRange<Int>, characters: UInt64, limit: Int,
                          _ body: ([UInt8], Int) throws -> Void) rethrows {
        let low = max(lengths.lowerBound, 0), high = min(lengths.upperBound, lengthStarts.count - 2)
        guard low <= high else { return }
        let outside = ~characters
        for i in lengthStarts[low]..<lengthStarts[high + 1] where (characterSets[i] & outside).nonzeroBitCount <= limit {
            let k = Int(byLength[i])
            try body(Array(bytes[starts[k]..<starts[k + 1]]), Int(frequencies[k]))
        }
    }
}

/// Holds a segment's `FuzzyTermIndex` once built (shared by the copies of the segment value; built
/// under a lock, so concurrent searches build it once).
final class FuzzyTermIndexCache: @unchecked Sendable {
    private let lock = NSLock()
    private var index: FuzzyTermIndex?

    func index(orBuild build: () throws -> FuzzyTermIndex) rethrows -> FuzzyTermIndex {
        lock.lock()
        defer { lock.unlock() }
        if let index { return index }
        let built = try build()
        index = built
        return built
    }
}
