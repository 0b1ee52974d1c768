import ConcordStorage

extension IndexChecker {
    /// Verifies the term dictionary's order and counts and the layout of `.doc` and `.pos`, decoding
    /// every posting and position (see `IndexChecker` for the invariants). The first layout error ends
    /// the segment's check (what follows would only repeat it).
    func checkPostings(_ segment: SegmentReader, report: inout Report) throws {
        let docName = segment.postingsFileName
        let positionName = segment.positionsFileName
        func corrupt(_ file: String, _ reason: String) -> StorageError { .corrupt(file: file, reason: reason) }
        var previous: [UInt8]?
        var docEnd = 0
        var positionEnd = 0
        var occurrences = [Int](repeating: 0, count: segment.maxDoc * IndexField.count)
        // One bit per token of the segment: two terms at the same position of a field are damage (each
        // token is indexed at its own position), which catches a position moved onto another's.
        var tokenStart = [Int](repeating: 0, count: segment.maxDoc * IndexField.count)
        var tokens = 0
        for doc in 0..<segment.maxDoc {
            for field in 0..<IndexField.count {
                tokenStart[doc * IndexField.count + field] = tokens
                tokens += segment.fieldLength(doc, field: field)
            }
        }
        var lengths: [UInt32] = []
        lengths.reserveCapacity(segment.maxDoc * IndexField.count)
        for doc in 0..<segment.maxDoc {
            for field in 0..<IndexField.count { lengths.append(UInt32(clamping: segment.fieldLength(doc, field: field))) }
        }
        let expectedParameters = BlockScoreParameters(interleavedLengths: lengths)
        guard segment.blockScoreParameters == expectedParameters else {
            throw corrupt(docName, "block-bound parameters \(segment.blockScoreParameters) are not the segment's averages "
                          + "\(expectedParameters.averageLengths) with the writer's weights and b")
        }
        var occupied = [UInt64](repeating: 0, count: tokens / 64 + 1)
        // With `reanalyze`: a 32-bit hash of the term at every token, compared with the stored text's.
        var termAt = [UInt32](repeating: 0, count: reanalyze == nil ? 0 : tokens)
        var problems: [String] = []
        try segment.forEachTerm { term, postingsValue in
            report.terms += 1
            let shown = String(decoding: term, as: UTF8.self)
            if let previous, !previous.lexicographicallyPrecedes(term) {
                throw corrupt("\(segment.info.name).tdi", "terms out of order at \(shown)")
            }
            previous = term
            let termHash = reanalyze == nil ? 0 : term.withUnsafeBytes { Self.termHash($0) }
            var postings = postingsValue
            guard postings.postingsStart == docEnd else {
                throw corrupt(docName, "postings of \(shown) start at \(postings.postingsStart), the previous term's end at \(docEnd)")
            }
            guard postings.positionsStart == positionEnd else {
                throw corrupt(positionName, "positions of \(shown) start at \(postings.positionsStart), the previous term's end at \(positionEnd)")
            }
            guard postings.documentFrequency <= segment.maxDoc else {
                throw corrupt("\(segment.info.name).tdi", "\(shown) has document frequency \(postings.documentFrequency) in a segment of \(segment.maxDoc)")
            }
            var count = 0
            var last: Int32 = -1
            var block = -1
            var blockEnd = postings.blocksStart
            // The term's position runs (read once its first block is loaded) and its values counted so far.
            var runLayout: (runOffsets: [Int], end: Int, valueCount: Int)?
            var valuesSeen = 0
            var maxFrequency = [0, 0, 0]
            var minLength = [Int.max, Int.max, Int.max]
            var maxPseudoFrequency = 0.0
            let parameters = segment.blockScoreParameters
            func finishBlock(_ postings: SegmentPostings) throws {
                guard postings.skipEntryCount > 0 else { return }
                let entry = try postings.skipEntryValues(block)
                let expectedMax = maxFrequency.map { min($0, 0xFFFF) }
                let expectedMin = minLength.map { min($0, 0xFFFF) }
                guard entry.maxFrequency == expectedMax, entry.minLength == expectedMin else {
                    throw corrupt(docName, "skip entry \(block) of \(shown) gives bounds \(entry.maxFrequency)/\(entry.minLength), its block holds \(expectedMax)/\(expectedMin)")
                }
                let expectedPseudo = BlockScoreParameters.storedBound(maxPseudoFrequency)
                guard entry.maxPseudoFrequency.bitPattern == expectedPseudo.bitPattern else {
                    throw corrupt(docName, "skip entry \(block) of \(shown) gives the largest pseudo-frequency \(entry.maxPseudoFrequency), its block's is \(expectedPseudo)")
                }
            }
            while try postings.next() != SegmentPostings.exhausted {
                if postings.block != block {
                    if block >= 0 { try finishBlock(postings) }
                    block = postings.block
                    guard postings.blockByteRange.lowerBound == blockEnd else {
                        throw corrupt(docName, "block \(block) of \(shown) starts at \(postings.blockByteRange.lowerBound), the previous block ends at \(blockEnd)")
                    }
                    if runLayout == nil { runLayout = try postings.positionLayout() }
                    let runOffsets = runLayout?.runOffsets ?? []
                    let run = postings.blockPositionStart >> 7
                    guard postings.blockPositionStart == valuesSeen, run < runOffsets.count, postings.blockRunOffset == runOffsets[run] else {
                        throw corrupt(positionName, "positions of block \(block) of \(shown) start at value \(postings.blockPositionStart) "
                                      + "in the run at \(postings.blockRunOffset), the previous block's end at value \(valuesSeen)")
                    }
                    blockEnd = postings.blockByteRange.upperBound
                    maxFrequency = [0, 0, 0]
                    minLength = [Int.max, Int.max, Int.max]
                    maxPseudoFrequency = 0
                }
                count += 1
                let doc = postings.doc
                if doc <= last { throw corrupt(docName, "documents out of order in the postings of \(shown)") }
                last = doc
                var total = 0
                let lengthOf = { (field: Int) in UInt32(clamping: segment.fieldLength(Int(doc), field: field)) }
                let frequencyOf = { (field: Int) in UInt32(clamping: postings.frequency(inField: field)) }
                maxPseudoFrequency = max(maxPseudoFrequency, parameters.pseudoFrequency(
                    frequencies: (frequencyOf(0), frequencyOf(1), frequencyOf(2)), lengths: (lengthOf(0), lengthOf(1), lengthOf(2))))
                for field in 0..<IndexField.count {
                    let frequency = postings.frequency(inField: field)
                    total += frequency
                    let positions = try postings.positions(inField: field)
                    if positions.count != frequency {
                        throw corrupt(positionName, "\(positions.count) positions for frequency \(frequency) of \(shown)")
                    }
                    let length = segment.fieldLength(Int(doc), field: field)
                    let start = tokenStart[Int(doc) * IndexField.count + field]
                    for (i, position) in positions.enumerated() {
                        if (i > 0 && position <= positions[i - 1]) || Int(position) >= length {
                            throw corrupt(positionName, "position \(position) of \(shown) out of order or beyond the field's \(length) tokens")
                        }
                        let bit = start + Int(position)
                        guard occupied[bit >> 6] & (1 << UInt64(bit & 63)) == 0 else {
                            throw corrupt(positionName, "\(shown) at position \(position) of document \(doc), field \(field), where another term is")
                        }
                        occupied[bit >> 6] |= 1 << UInt64(bit & 63)
                        if !termAt.isEmpty { termAt[bit] = termHash }
                    }
                    occurrences[Int(doc) * IndexField.count + field] += frequency
                    if frequency > 0 {
                        maxFrequency[field] = max(maxFrequency[field], frequency)
                        minLength[field] = min(minLength[field], length)
                    }
                }
                valuesSeen += total
                if total == 0 { throw corrupt(docName, "a posting of \(shown) with no occurrences") }
            }
            if block >= 0 { try finishBlock(postings) }
            if let runLayout {
                guard runLayout.valueCount == valuesSeen else {
                    throw corrupt(positionName, "\(shown) has \(runLayout.valueCount) position values, its frequencies \(valuesSeen)")
                }
                positionEnd = runLayout.end
            }
            if count != postings.documentFrequency {
                throw corrupt("\(segment.info.name).tdi", "\(shown) has document frequency \(postings.documentFrequency) but \(count) postings")
            }
            docEnd = blockEnd
        }
        guard docEnd == segment.postingsByteCount else {
            throw corrupt(docName, "postings end at \(docEnd), the file's body at \(segment.postingsByteCount)")
        }
        guard positionEnd == segment.positionsByteCount else {
            throw corrupt(positionName, "positions end at \(positionEnd), the file's body at \(segment.positionsByteCount)")
        }
        if let reanalyze {
            for doc in 0..<segment.maxDoc {
                let expected = try reanalyze(try segment.storedFields(doc))
                for field in 0..<min(expected.count, IndexField.count) {
                    let start = tokenStart[doc * IndexField.count + field]
                    let length = segment.fieldLength(doc, field: field)
                    let mismatch = expected[field].count != length ? expected[field].first : expected[field].first { token in
                        let bit = start + token.position
                        var term = token.term
                        return token.position < 0 || token.position >= length
                            || occupied[bit >> 6] & (1 << UInt64(bit & 63)) == 0
                            || termAt[bit] != term.withUTF8 { Self.termHash(UnsafeRawBufferPointer($0)) }
                    }
                    if let mismatch {
                        problems.append("\(segment.info.name): document \(doc), field \(field): the index does not hold what its stored text "
                                        + "analyzes to (\(expected[field].count) tokens for length \(length); first difference at \"\(mismatch.term)\")")
                    }
                }
            }
        }
        for doc in 0..<segment.maxDoc {
            for field in 0..<IndexField.count where occurrences[doc * IndexField.count + field] > segment.fieldLength(doc, field: field) {
                problems.append("\(docName): document \(doc) has more occurrences in field \(field) than its length")
            }
        }
        report.problems += problems.prefix(10)
    }

    /// FNV-1a of a term's bytes, folded to 32 bits.
    static func termHash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return UInt32(truncatingIfNeeded: h ^ (h >> 32))
    }
}
