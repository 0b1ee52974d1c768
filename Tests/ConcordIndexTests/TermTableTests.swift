import Testing
@testable import ConcordIndex

@Test func termTableGivesDenseStableIdsAcrossGrowth() {
    var table = TermTable(capacity: 4)
    var rng = SeededGenerator(seed: 31)
    var expected: [String: Int32] = [:]
    var order: [String] = []
    for _ in 0..<5000 {
        // Short and long terms, non-ASCII too, with many repeats.
        let n = rng.int(0...700)
        let term = n % 3 == 0 ? "término-\(n)" : n % 3 == 1 ? "t\(n)" : String(repeating: "ж", count: n % 40) + "\(n)"
        let id = table.id(for: term)
        if let known = expected[term] {
            #expect(id == known, "\(term)")
        } else {
            #expect(Int(id) == order.count, "ids are dense, in order of first sight")
            expected[term] = id
            order.append(term)
        }
    }
    #expect(table.count == order.count)
    for (id, term) in order.enumerated() {
        #expect(Array(table.bytes(of: id)) == Array(term.utf8))
    }
    #expect(table.id(for: "") == Int32(order.count), "the empty term is a term like any other")
    #expect(table.id(for: "") == Int32(order.count))
}

@Test func sortedIDsListTermsInByteOrder() {
    var table = TermTable(capacity: 4)
    var rng = SeededGenerator(seed: 77)
    // Many terms share their first eight bytes or more (the sort's integer key), some are shorter than
    // eight bytes or hold NUL bytes (a short term and its NUL-padded form must still sort apart).
    let stems = ["", "a", "abcdefgh", "abcdefghij", "ab\u{0}", "straße", "zzzzzzzzzz", "\u{0}\u{0}"]
    var terms: Set<String> = []
    for _ in 0..<3000 {
        let stem = stems[rng.int(0...(stems.count - 1))]
        let tail = rng.int(0...3) == 0 ? "" : String(rng.int(0...200), radix: rng.int(0...1) == 0 ? 2 : 36)
        let term = rng.int(0...9) == 0 ? stem + "\u{0}" + tail : stem + tail
        terms.insert(term)
        _ = table.id(for: term)
    }
    let sorted = table.sortedIDs().map { Array(table.bytes(of: Int($0))) }
    #expect(sorted.count == terms.count)
    #expect(sorted == terms.map { Array($0.utf8) }.sorted { $0.lexicographicallyPrecedes($1) })
}
