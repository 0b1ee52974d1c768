import ConcordAnalysis
import ConcordIndex
import ConcordStorage
import Testing
@testable import ConcordSearch

/// Prefix enumeration over the on-disk dictionary (front-coded blocks of 32 terms) equals a filter of the
/// in-memory reference's terms, for prefixes that start inside, at and across block boundaries.
@Test func onDiskPrefixEnumerationEqualsTheReference() throws {
    let analyzer = try Analyzer()
    var rng = SeededGenerator(seed: 77)
    let letters = Array("abcdefgh")
    // Several hundred distinct made-up words so that the dictionary has many blocks.
    let words = (0..<600).map { _ in String((0..<rng.int(2...6)).map { _ in rng.pick(letters) }) }
    let documents = (0..<200).map { i in
        ["id": "doc-\(i)", "body": (0..<12).map { _ in rng.pick(words) }.joined(separator: " ")]
    }
    let disk = try OnDiskSearchTests.onDisk(documents, deleted: [], analyzer: analyzer).segments[0]
    let memory = InMemorySegment(documents: documents, tokenizer: analyzer)
    var prefixes = ["", "a", "ab", "abc", "h", "hh", "zz", "ba", "gab"]
    for _ in 0..<40 { prefixes.append(String((0..<rng.int(1...3)).map { _ in rng.pick(letters) })) }
    for prefix in prefixes {
        var want: [String] = [], got: [String] = []
        try memory.forEachTerm(withPrefix: prefix) { term, _ in want.append(term); return true }
        try disk.forEachTerm(withPrefix: prefix) { term, _ in got.append(term); return true }
        #expect(got == want, "prefix \(prefix)")
    }
    // Stopping early stops.
    var seen = 0
    try disk.forEachTerm(withPrefix: "") { _, _ in seen += 1; return seen < 5 }
    #expect(seen == 5)
}
