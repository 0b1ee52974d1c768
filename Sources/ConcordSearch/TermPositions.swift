/// Where terms occur in one text, as the index records them: per term, its ascending word positions in
/// that text (`Token.position`). The lists of many texts may share one buffer (a search keeps those of
/// all its hits in one), so a value for one text costs no allocation. A term without a list, or with an
/// empty one, does not occur.
public struct TermPositions {
    /// The terms, each once; list `k` is term `k`'s.
    public let terms: [String]
    private let buffer: [Int32]
    /// List `k` of this text is `buffer[bounds[first + k] ..< bounds[first + k + 1]]`.
    private let bounds: [Int]
    /// Where this text's lists start in `bounds`; -1 when it has none (no term occurs).
    private let first: Int

    /// The lists of `terms` kept in `buffer`: list `k` is `buffer[bounds[first + k] ..< bounds[first + k + 1]]`
    /// (`bounds` holds `terms.count + 1` entries from `first`, ascending within `buffer`); `first` -1 for
    /// a text where none of them occurs.
    public init(terms: [String], buffer: [Int32], bounds: [Int], first: Int) {
        let valid = first == -1 || (first >= 0 && first + terms.count < bounds.count
            && (first...(first + terms.count)).allSatisfy { bounds[$0] >= 0 && bounds[$0] <= buffer.count }
            && (first..<(first + terms.count)).allSatisfy { bounds[$0] <= bounds[$0 + 1] })
        precondition(valid, "position lists out of range")
        self.terms = terms
        self.buffer = buffer
        self.bounds = bounds
        self.first = first
    }

    /// The positions of a map from each term to its ascending positions.
    public init(_ positions: [String: [Int32]]) {
        var terms: [String] = [], buffer: [Int32] = [], bounds = [0]
        for (term, list) in positions {
            terms.append(term)
            buffer.append(contentsOf: list)
            bounds.append(buffer.count)
        }
        self.terms = terms
        self.buffer = buffer
        self.bounds = bounds
        first = 0
    }

    /// The indices in `self[...]` of `term`'s positions (empty when it does not occur).
    @inline(__always)
    func list(of term: String) -> Range<Int> {
        guard first >= 0, let k = terms.firstIndex(of: term) else { return 0..<0 }
        return bounds[first + k]..<bounds[first + k + 1]
    }

    @inline(__always)
    subscript(index: Int) -> Int32 { buffer[index] }

    /// Each term that occurs, with its positions.
    public var dictionary: [String: [Int32]] {
        var result: [String: [Int32]] = [:]
        guard first >= 0 else { return result }
        for (k, term) in terms.enumerated() where bounds[first + k] < bounds[first + k + 1] {
            result[term] = Array(buffer[bounds[first + k]..<bounds[first + k + 1]])
        }
        return result
    }
}
