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
