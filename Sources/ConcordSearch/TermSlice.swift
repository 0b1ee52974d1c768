import ConcordIndex

/// Every term of an index (all its segments together) that starts with one prefix, decoded into memory
/// in ascending byte order with its document frequency summed over the segments (deleted documents
/// included), for dictionary walks that are repeated: a walk here steps over a skipped term by one byte
/// comparison instead of decoding its dictionary entry, and visits a term the segments share once.
///
/// Terms are stored back to back; `shared[i]` is how many leading bytes term `i` has in common with
/// term `i - 1` (capped at 255: a longer common prefix is then recomputed).
struct TermSlice {
    private(set) var bytes: [UInt8] = []
    /// Where term `i` starts in `bytes`; one more entry closes the last term.
    private(set) var starts: [UInt32] = [0]
    private(set) var shared: [UInt8] = []
    private(set) var frequencies: [Int] = []

    var count: Int { frequencies.count }

    /// Bytes of memory the slice's arrays have reserved.
    var byteCount: Int { bytes.capacity + 4 * starts.capacity + shared.capacity + 8 * frequencies.capacity }

    /// The terms of every segment of `index` that start with `required`, merged. Nil when they would
    /// take more than `byteLimit` bytes (then they are not worth keeping in memory).
    init?<Index: SearchableIndex>(_ index: Index, startingWith required: [UInt8], byteLimit: Int) throws {
        var merged = TermSlice()
        for segment in index.segments {
            var list = TermSlice()
            var tooLarge = false
            try segment.walkTerms(startingWith: required) { term, _, df in
                list.append(term, documentFrequency: df)
                if list.byteCount > byteLimit {
                    tooLarge = true
                    return .stop
                }
                return .next
            }
            if tooLarge { return nil }
            merged = merged.count == 0 ? list : TermSlice(merging: merged, list)
            if merged.byteCount > byteLimit { return nil }
        }
        // Arrays grown by doubling, or reserved for two lists that shared terms, hold up to twice what
        // they use: kept at their size.
        self = merged
        bytes = Self.exactCopy(merged.bytes)
        starts = Self.exactCopy(merged.starts)
        shared = Self.exactCopy(merged.shared)
        frequencies = Self.exactCopy(merged.frequencies)
    }

    /// The terms of `slice` whose document frequency is at least `minimumFrequency`, in order, with what
    /// each shares with the one kept before it. A term whose bytes are not valid UTF-8, or that holds
    /// U+FFFD, is kept whatever its frequency: a fuzzy walk reads terms as strings, and a damaged term
    /// may read as another term (its invalid bytes as U+FFFD) whose frequencies then add up.
    init(_ slice: TermSlice, minimumFrequency: Int) {
        slice.bytes.withUnsafeBytes { all in
            for i in 0..<slice.count {
                let term = UnsafeRawBufferPointer(rebasing: all[Int(slice.starts[i])..<Int(slice.starts[i + 1])])
                if slice.frequencies[i] >= minimumFrequency || !Self.isValidUTF8(term) || Self.holdsReplacementCharacter(term) {
                    append(term, documentFrequency: slice.frequencies[i])
                }
            }
        }
        bytes = Self.exactCopy(bytes)
        starts = Self.exactCopy(starts)
        shared = Self.exactCopy(shared)
        frequencies = Self.exactCopy(frequencies)
    }

    /// Whether `bytes` hold U+FFFD's encoding (EF BF BD), what invalid bytes read as.
    static func holdsReplacementCharacter(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 3 else { return false }
        for i in 0..<(bytes.count - 2) where bytes[i] == 0xEF && bytes[i + 1] == 0xBF && bytes[i + 2] == 0xBD {
            return true
        }
        return false
    }

    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if !bytes.contains(where: { $0 >= 0x80 }) { return true }
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    private static func exactCopy<T>(_ array: [T]) -> [T] {
        [T](unsafeUninitializedCapacity: array.count) { buffer, count in count = buffer.initialize(fromContentsOf: array) }
    }

    private init() {}

    /// The union of two slices (each ascending), frequencies of a term in both added.
    private init(merging a: TermSlice, _ b: TermSlice) {
        bytes.reserveCapacity(a.bytes.count + b.bytes.count)
        starts.reserveCapacity(a.count + b.count + 1)
        shared.reserveCapacity(a.count + b.count)
        frequencies.reserveCapacity(a.count + b.count)
        a.bytes.withUnsafeBytes { aBytes in
            b.bytes.withUnsafeBytes { bBytes in
                func term(_ all: UnsafeRawBufferPointer, _ starts: [UInt32], _ i: Int) -> UnsafeRawBufferPointer {
                    UnsafeRawBufferPointer(rebasing: all[Int(starts[i])..<Int(starts[i + 1])])
                }
                var i = 0, j = 0
                while i < a.count || j < b.count {
                    let x = i < a.count ? term(aBytes, a.starts, i) : UnsafeRawBufferPointer(start: nil, count: 0)
                    let y = j < b.count ? term(bBytes, b.starts, j) : UnsafeRawBufferPointer(start: nil, count: 0)
                    let order = i == a.count ? 1 : j == b.count ? -1 : Self.compare(x, y)
                    if order < 0 {
                        append(x, documentFrequency: a.frequencies[i])
                        i += 1
                    } else if order > 0 {
                        append(y, documentFrequency: b.frequencies[j])
                        j += 1
                    } else {
                        append(x, documentFrequency: a.frequencies[i] + b.frequencies[j])
                        i += 1
                        j += 1
                    }
                }
            }
        }
    }

    /// Appends a term that sorts after the last one.
    private mutating func append(_ term: UnsafeRawBufferPointer, documentFrequency: Int) {
        var common = 0
        if let last = frequencies.indices.last {
            let start = Int(starts[last]), length = bytes.count - start
            let limit = min(length, term.count, 255)
            bytes.withUnsafeBufferPointer { bytes in
                while common < limit, bytes[start + common] == term[common] { common += 1 }
            }
        }
        if let base = term.baseAddress {
            bytes.append(contentsOf: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: term.count))
        }
        starts.append(UInt32(truncatingIfNeeded: bytes.count))
        shared.append(UInt8(common))
        frequencies.append(documentFrequency)
    }

    /// Calls `body` with the bytes of term `i`.
    func withTerm<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes { all in
            try body(UnsafeRawBufferPointer(rebasing: all[Int(starts[i])..<Int(starts[i + 1])]))
        }
    }

    /// The walk of `SearchableSegment.walkTerms` over the slice's terms: `body` gets each term not ruled
    /// out by an earlier step, what it shares with the term visited before (0 for the first) and its
    /// document frequency; `.skip(p)` passes over the following terms that start with the visited term's
    /// first `p` bytes, `.skipExtensions(p, kept)` over those that go on from there with an ASCII byte
    /// outside `kept` (the first that does not ends the skip and is visited).
    ///
    /// A skip reads the `shared` lengths only: a term still starts with the visited term's first `p`
    /// bytes while every length since the visited term is at least `p`, and the smallest of them is what
    /// the next visited term shares with it. An extension skip reads a term's byte after the prefix
    /// only where it can change — at the first term, and where a term shares exactly `p` bytes with the
    /// one before (one sharing more repeats its byte, and so its fate). Returns how many terms the walk
    /// read the bytes of (visited, or examined by an extension skip), for tests that check skipped
    /// terms are passed over unread.
    @discardableResult
    func walk(_ body: (UnsafeRawBufferPointer, Int, Int) throws -> TermWalkStep) throws -> Int {
        try bytes.withUnsafeBytes { all in
            try starts.withUnsafeBufferPointer { starts in
                try shared.withUnsafeBufferPointer { shared in
                    let count = frequencies.count
                    var read = 0
                    func term(_ i: Int) -> UnsafeRawBufferPointer {
                        UnsafeRawBufferPointer(rebasing: all[Int(starts[i])..<Int(starts[i + 1])])
                    }
                    // The visited term, and what the term at `i` shares with it (-1: not known, computed
                    // from the bytes; 255, a capped length, is computed too).
                    var visited = -1
                    var common = 0
                    var i = 0
                    while i < count {
                        let current = term(i)
                        read &+= 1
                        if visited >= 0 && (common < 0 || common == 255) {
                            common = Self.commonLength(term(visited), current)
                        }
                        let answer = try body(current, visited >= 0 ? common : 0, frequencies[i])
                        visited = i
                        i += 1
                        switch answer {
                        case .next:
                            if i < count { common = Int(shared[i]) }
                        case .stop:
                            return read
                        case .skip(let length):
                            let p = min(max(length, 0), current.count)
                            guard p < 255 else {
                                (i, common) = Self.skipReadingBytes(from: i, count: count, prefix: current, length: p, kept: nil, term: term, read: &read)
                                continue
                            }
                            var smallest = Int.max
                            while i < count {
                                smallest = min(smallest, Int(shared[i]))
                                if smallest < p { break }
                                i += 1
                            }
                            common = smallest
                        case .skipExtensions(let length, let kept):
                            let p = min(max(length, 0), current.count)
                            guard p < 255 else {
                                (i, common) = Self.skipReadingBytes(from: i, count: count, prefix: current, length: p, kept: kept, term: term, read: &read)
                                continue
                            }
                            var smallest = Int.max
                            var first = true
                            while i < count {
                                let step = Int(shared[i])
                                smallest = min(smallest, step)
                                if smallest < p { break }
                                // The term starts with the prefix. Its byte after it is that of the term
                                // before (skipped, so outside `kept`) when it shares more than the prefix.
                                if first || step == p {
                                    let next = term(i)
                                    read &+= 1
                                    if next.count <= p || kept.contains(next[p]) { break }
                                }
                                first = false
                                i += 1
                            }
                            common = smallest
                        }
                    }
                    return read
                }
            }
        }
    }

    /// A skip of the terms that start with `prefix`'s first `length` bytes (255 or more, beyond what
    /// `shared` holds), comparing bytes; with `kept`, only those whose byte after the prefix is an ASCII
    /// byte outside it. Returns the first term not skipped and -1 (what it shares is computed then).
    private static func skipReadingBytes(from start: Int, count: Int, prefix: UnsafeRawBufferPointer, length: Int,
                                         kept: ASCIIByteSet?, term: (Int) -> UnsafeRawBufferPointer,
                                         read: inout Int) -> (Int, Int) {
        var i = start
        while i < count {
            let next = term(i)
            read &+= 1
            guard next.count >= length, commonLength(next, prefix) >= length else { break }
            if let kept, next.count <= length || kept.contains(next[length]) { break }
            i += 1
        }
        return (i, -1)
    }

    private static func compare(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let common = commonLength(a, b)
        if common < a.count && common < b.count { return a[common] < b[common] ? -1 : 1 }
        return a.count - b.count
    }

    private static func commonLength(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
        let limit = min(a.count, b.count)
        var k = 0
        while k < limit, a[k] == b[k] { k += 1 }
        return k
    }
}
