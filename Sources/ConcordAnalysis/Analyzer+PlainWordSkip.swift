extension Analyzer {
    /// A place in the ASCII text `bytes` at or before which `forEachASCIIWordStart` may start over: the
    /// byte offset, and how many words (as that loop counts them, at most `limit`) start before it.
    /// Going on from there with `forEachASCIIWord(bytes, from: offset)`, numbering from `words`, finds the
    /// same words as the loop over the whole text.
    ///
    /// Eight bytes at a time where they are plain — word bytes and breaks only, none of the bytes the
    /// ASCII rules treat otherwise (`.` `'` `,` `;` join some words, a lone `_` is none) and not all of
    /// them word bytes (so a word there is shorter than `maxTermBytes`) — a word starting at each word byte
    /// that follows a break, counted by a bit count; elsewhere word by word as the loop does. For a
    /// snippet deep in a long text, which has to count the words before its window. `plainBytes`: the
    /// bytes passed eight at a time (for tests).
    static func skipASCIIWords(_ bytes: UnsafeBufferPointer<UInt8>, atMost limit: Int) -> (offset: Int, words: Int, plainBytes: Int) {
        guard limit > 0, let base = bytes.baseAddress else { return (0, 0, 0) }
        let n = bytes.count
        return plainByteClasses.withUnsafeBufferPointer { classes -> (Int, Int, Int) in
            // `at` is where the next chunk starts; `words` words start before it. `inWord`: the
            // byte before `at` is a word byte of a word counted already (0 when `at` follows a break).
            var at = 0, words = 0, plainBytes = 0
            var inWord: UInt64 = 0
            while true {
                if at &+ 8 <= n {
                    var wordBits: UInt64 = 0
                    var special: UInt8 = 0
                    for k in 0..<8 {
                        let byteClass = classes[Int(base[at &+ k])]
                        wordBits |= UInt64(byteClass & 1) << UInt64(k)
                        special |= byteClass
                    }
                    if special & 2 == 0 && wordBits != 0xFF {
                        // Word starts: word bytes after a break (the byte before the chunk included).
                        let starts = wordBits & ~((wordBits << 1) | inWord)
                        let found = starts.nonzeroBitCount
                        if words &+ found <= limit {
                            words &+= found
                            at &+= 8
                            plainBytes &+= 8
                            inWord = wordBits >> 7
                            continue
                        }
                    }
                }
                // A chunk that is not plain, the limit reached, or the text's last bytes: from the start of
                // the word in progress (not counted then), word by word as `forEachASCIIWord` goes.
                let chunkEnd = min(at &+ 8, n)
                if inWord != 0 {
                    while at > 0 && isASCIIWordByte(base[at &- 1]) { at &-= 1 }
                    words &-= 1
                    inWord = 0
                }
                var index = at
                while index < chunkEnd {
                    guard isASCIIWordByte(base[index]) else { index &+= 1; continue }
                    let start = index
                    let end = asciiWordEnd(bytes, start: start, limit: n)
                    if asciiKind(bytes, start: start, end: end) != 0, end - start <= maxTermBytes {
                        if words == limit { return (start, words, plainBytes) }
                        words &+= 1
                    }
                    index = end
                }
                // `index` follows a break, or a word that ends before a byte no rule joins it with.
                if index >= n { return (n, words, plainBytes) }
                at = index
            }
        }
    }

    /// Per byte: bit 0, a word byte (`isASCIIWordByte`); bit 1, a byte the ASCII rules treat otherwise
    /// than a break or a word byte (`.` `'` `,` `;` `_`), or one beyond ASCII.
    static let plainByteClasses: [UInt8] = (0..<256).map { value -> UInt8 in
        let byte = UInt8(value)
        let special: UInt8 = byte >= 0x80 || [0x2E, 0x27, 0x2C, 0x3B, 0x5F].contains(byte) ? 2 : 0
        return (isASCIIWordByte(byte) ? 1 : 0) | special
    }
}
