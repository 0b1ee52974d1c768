import ConcordStorage

extension TermDictionary {
    /// Calls `body` with every term (UTF-8 bytes, ascending, valid only during the call), how many
    /// leading bytes it shares with the term visited before (0 for the first) and its document
    /// frequency; `body`'s answer may skip all following terms that share a prefix with the visited one.
    /// Entries are decoded in place from the mapped body into one buffer that serves the whole walk. The
    /// postings offsets of an entry (the running sums a lookup needs) are stepped over, never summed: a
    /// walk reports no postings, so it costs only the bytes it must pass.
    ///
    /// A skip of the terms starting with `P` costs little per skipped term: inside a block an entry
    /// still starts with `P` exactly when the prefix it shares with the entry before is at least `P`'s
    /// length (terms are sorted, so the run of `P` is contiguous), so a skipped entry is only stepped
    /// over, its term never assembled or compared; the first entry of a block is compared with `P`.
    /// When the run covers a block's first term, the walk jumps (galloping over the block index) to the
    /// last block starting at or before the first term past `P`, and the blocks between are never read.
    /// Every length that is read is range-checked and every varint stepped over must end inside the blocks;
    /// a visited entry's document frequency is checked too (damage is `StorageError.corrupt`).
    ///
    /// With a non-empty `required` prefix only the terms that start with it are visited: the walk starts
    /// at the block that can hold the first of them (a binary search over the blocks' first terms, like
    /// a lookup) and ends after the last, so the rest of the dictionary is never read.
    ///
    /// `skipExtensions` skips the same way, except that an entry is skipped only when its byte after the
    /// prefix is an ASCII byte outside the kept set (and blocks are jumped over the run of that byte).
    func walk(startingWith required: [UInt8] = [], _ body: (UnsafeRawBufferPointer, Int, Int) throws -> TermWalkStep) throws {
        guard blockCount > 0, let base = file.body.baseAddress else { return }
        var entries = TermEntryCursor(base: base, offset: 0, end: indexOffset)
        var term = TermBytes()
        defer { term.deallocate() }
        // The length of the last entry's term. Its bytes are in `term`, except while skipping: then
        // `term` holds the skipped prefix only.
        var termLength = 0
        // While skipping: the length of the skipped prefix; -1 otherwise.
        var skipped = -1
        // While skipping only the terms whose byte after the skipped prefix is an ASCII byte outside a
        // set: the set, and whether the entry before (visited or skipped) had such a byte there.
        var keptBytes: ASCIIByteSet?
        var previousSkips = false
        // The block a gallop landed on (its first term is known to be inside the run).
        var landed = -1
        // Until the first visit, terms before `required` are read (to compare) but not visited.
        var visitedAny = false
        var block = required.isEmpty ? 0 : try lastBlock(withFirstTermAtMost: required)
        blocks: while block < blockCount {
            entries.offset = try blockOffset(block)
            let count = min(TermDictionaryWriter.blockSize, termCount - block * TermDictionaryWriter.blockSize)
            for i in 0..<count {
                let (prefix, suffixLength) = entries.readHead(maxPrefix: i == 0 ? 0 : termLength)
                guard prefix >= 0 else { throw entries.corrupt(in: file) }
                let suffix = UnsafeRawBufferPointer(start: base + entries.offset, count: suffixLength)
                entries.offset += suffixLength
                termLength = prefix + suffixLength
                // What the term shares with the one visited before: the stored prefix inside a block (or,
                // after skipped entries, which all share more), a comparison at a block's first entry.
                let shared = i > 0 ? min(prefix, term.count) : term.commonPrefixLength(with: suffix)
                if skipped >= 0 {
                    if shared >= skipped {
                        // With `keptBytes`, the byte after the skipped prefix decides: inside a block an entry
                        // storing a longer prefix repeats the byte of the entry before it.
                        var skips = true
                        if let kept = keptBytes {
                            let at = i == 0 ? skipped : prefix > skipped ? -1 : 0
                            skips = at < 0 ? previousSkips : at < suffixLength && !kept.contains(suffix[at])
                            previousSkips = skips
                        }
                        if skips {
                            // A run that covers a block's first term may cover whole blocks after it (with
                            // `keptBytes`, the run of the first term's byte after the prefix).
                            if i == 0, block != landed {
                                let run = keptBytes == nil ? term.bytes : UnsafeRawBufferPointer(rebasing: suffix[..<(skipped + 1)])
                                let jump = try lastBlock(startingWith: run, from: block)
                                if jump > block {
                                    block = jump
                                    landed = jump
                                    continue blocks
                                }
                            }
                            // Past a skipped entry only the prefix is known (the term a later entry is
                            // assembled from, and what a visited one shares with the term visited before:
                            // that term and the skipped entry differ at the byte after the prefix).
                            term.truncate(to: skipped)
                            // A skipped entry's document frequency and postings offsets are only stepped over.
                            guard entries.skip(varints: 3) else { throw entries.corrupt(in: file) }
                            continue
                        }
                    }
                    skipped = -1
                    keptBytes = nil
                }
                let df = entries.read(max: Int(Int32.max))
                guard df > 0, entries.skip(varints: 2) else {
                    throw df == 0 ? entries.corrupt("term with no documents", in: file) : entries.corrupt(in: file)
                }
                // Inside a block a visited term keeps its whole stored prefix (`shared == prefix`).
                term.replace(from: shared, with: UnsafeRawBufferPointer(rebasing: suffix[(i > 0 ? 0 : shared)...]))
                // A term that shares `required`'s length with the visited term before it (or with a skipped
                // prefix of it, which `term` then holds) starts with `required` too.
                if !required.isEmpty, !visitedAny || shared < required.count {
                    let order = required.withUnsafeBytes { required in
                        term.count >= required.count
                            ? compareBytes(UnsafeRawBufferPointer(rebasing: term.bytes.prefix(required.count)), required) : 1
                    }
                    if order != 0 {
                        // Before the required terms: read on. Past them (or a shorter term after them): done.
                        if !visitedAny, required.withUnsafeBytes({ compareBytes(term.bytes, $0) }) < 0 { continue }
                        return
                    }
                }
                let sharedWithVisited = visitedAny ? shared : 0
                visitedAny = true
                switch try body(term.bytes, sharedWithVisited, df) {
                case .next: continue
                case .stop: return
                case .skip(let length):
                    let kept = min(max(length, 0), term.count)
                    // Every following term starts with an empty or all-0xFF prefix: nothing is left to visit.
                    guard term.hasByte(otherThan: 0xFF, before: kept) else { return }
                    term.truncate(to: kept)
                    skipped = kept
                case .skipExtensions(let length, let next):
                    let kept = min(max(length, 0), term.count)
                    // The term stays whole until an entry is skipped: one that goes on with a kept byte
                    // may store a longer prefix of it.
                    previousSkips = kept < term.count && !next.contains(term.bytes[kept])
                    skipped = kept
                    keptBytes = next
                }
            }
            block += 1
        }
    }

    /// The last block whose first term is at most `term` (block 0 when none is).
    private func lastBlock(withFirstTermAtMost term: [UInt8]) throws -> Int {
        func startsAfter(_ block: Int) throws -> Bool {
            let first = try firstTerm(ofBlock: block)
            return term.withUnsafeBytes { compareBytes(first, $0) } > 0
        }
        var low = 0, high = blockCount - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if try startsAfter(mid) { high = mid - 1 } else { low = mid }
        }
        return low
    }

    /// The last block in `from..<blockCount` whose first term starts with `prefix`, given that block
    /// `from`'s does (the blocks that do are consecutive): gallops forward, then halves the last stride.
    private func lastBlock(startingWith prefix: UnsafeRawBufferPointer, from: Int) throws -> Int {
        func startsWithPrefix(_ block: Int) throws -> Bool {
            let first = try firstTerm(ofBlock: block)
            return first.count >= prefix.count && compareBytes(UnsafeRawBufferPointer(rebasing: first.prefix(prefix.count)), prefix) == 0
        }
        var low = from, high = blockCount - 1, stride = 1
        while low + stride <= high {
            if try !startsWithPrefix(low + stride) {
                high = low + stride - 1
                break
            }
            low += stride
            stride *= 2
        }
        while low < high {
            let mid = (low + high + 1) / 2
            if try startsWithPrefix(mid) { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

/// Reads the entries of term blocks in place: varints range-checked against the end of the blocks.
struct TermEntryCursor {
    let base: UnsafeRawPointer
    var offset: Int
    let end: Int

    var remaining: Int { end - offset }

    /// The next varint when it is at most `limit`; -1 when it runs past the end, is longer than 64
    /// bits or exceeds `limit` (`limit` is never negative).
    @inline(__always)
    mutating func read(max limit: Int) -> Int {
        if offset < end {
            let first = base.load(fromByteOffset: offset, as: UInt8.self)
            if first < 0x80, Int(first) <= limit {
                offset += 1
                return Int(first)
            }
        }
        return readLong(max: limit)
    }

    /// An entry's prefix and suffix lengths (see `TermDictionaryWriter.writeHead`), the prefix at most
    /// `maxPrefix` and the suffix at most the bytes left; (-1, 0) when they are not.
    @inline(__always)
    mutating func readHead(maxPrefix: Int) -> (prefix: Int, suffixLength: Int) {
        let limit = TermDictionaryWriter.inlineSuffixLimit
        let head = read(max: maxPrefix << 3 | limit)
        guard head >= 0 else { return (-1, 0) }
        var suffixLength = head & limit
        if suffixLength == limit {
            let more = read(max: max(remaining - limit, 0))
            guard more >= 0 else { return (-1, 0) }
            suffixLength += more
        }
        guard suffixLength <= remaining else { return (-1, 0) }
        return (head >> 3, suffixLength)
    }

    /// Steps over `count` varints without decoding them; false when one runs past the end or is longer
    /// than ten bytes.
    @inline(__always)
    mutating func skip(varints count: Int) -> Bool {
        var left = count, length = 0
        while left > 0 {
            guard offset < end else { return false }
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            if byte < 0x80 {
                left -= 1
                length = 0
            } else {
                length += 1
                if length == 10 { return false }
            }
        }
        return true
    }

    @inline(never)
    private mutating func readLong(max limit: Int) -> Int {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end else { return -1 }
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            // The tenth byte may carry only the 64th bit.
            if shift == 63 && byte > 1 { return -1 }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return result <= UInt64(limit) ? Int(result) : -1
    }

    func corrupt(_ reason: String = "a term entry runs past the end or exceeds its limits", in file: FramedFile) -> StorageError {
        .corrupt(file: file.name, reason: "\(reason) (at byte \(offset))")
    }
}

/// The bytes of the walk's current term, in one growing allocation the walk frees.
struct TermBytes {
    private var storage = UnsafeMutableRawBufferPointer.allocate(byteCount: 128, alignment: 1)
    private(set) var count = 0

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[..<count]) }

    func deallocate() { storage.deallocate() }

    mutating func truncate(to length: Int) { count = min(count, length) }

    /// Keeps the first `kept` bytes (at most `count`) and appends `suffix`.
    mutating func replace(from kept: Int, with suffix: UnsafeRawBufferPointer) {
        let kept = min(kept, count), total = kept + suffix.count
        if total > storage.count {
            let grown = UnsafeMutableRawBufferPointer.allocate(byteCount: max(total, 2 * storage.count), alignment: 1)
            grown.copyMemory(from: UnsafeRawBufferPointer(rebasing: storage[..<kept]))
            storage.deallocate()
            storage = grown
        }
        if let source = suffix.baseAddress, let target = storage.baseAddress {
            if suffix.count <= 16 {
                // Most suffixes are a few bytes: a loop is cheaper than a call to memmove.
                for k in 0..<suffix.count { target.storeBytes(of: source.load(fromByteOffset: k, as: UInt8.self), toByteOffset: kept + k, as: UInt8.self) }
            } else {
                (target + kept).copyMemory(from: source, byteCount: suffix.count)
            }
        }
        count = total
    }

    /// Whether one of the first `length` bytes (at most `count`) differs from `byte`.
    func hasByte(otherThan byte: UInt8, before length: Int) -> Bool {
        var k = 0
        while k < min(length, count) {
            if storage[k] != byte { return true }
            k += 1
        }
        return false
    }

    /// How many leading bytes the term shares with `other`.
    func commonPrefixLength(with other: UnsafeRawBufferPointer) -> Int {
        let limit = min(count, other.count)
        var shared = 0
        while shared < limit, storage[shared] == other[shared] { shared += 1 }
        return shared
    }
}
