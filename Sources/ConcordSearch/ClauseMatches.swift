/// For each word of a text, the index of the first scored query clause it matches, or nil: what a
/// snippet's window and highlights are chosen from. Kept as 32-bit numbers (-1 for none), a quarter of
/// an array of optionals, since a long text has one entry per word.
struct ClauseMatches: RandomAccessCollection, MutableCollection {
    private var storage: [Int32]

    /// `count` words, none matching.
    init(count: Int) {
        storage = [Int32](repeating: -1, count: count)
    }

    private init(storage: [Int32]) {
        self.storage = storage
    }

    var startIndex: Int { 0 }
    var endIndex: Int { storage.count }

    subscript(position: Int) -> Int? {
        get {
            let value = storage[position]
            return value < 0 ? nil : Int(value)
        }
        set { storage[position] = newValue.map { Int32(truncatingIfNeeded: $0) } ?? -1 }
    }

    /// The words in `range`, renumbered from 0.
    func words(_ range: Range<Int>) -> ClauseMatches {
        ClauseMatches(storage: Array(storage[range]))
    }
}
