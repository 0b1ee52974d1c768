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
        var problems: [String] = []
        try segment.forEachTerm { term, postingsValue in
            report.terms += 1
            let shown = String(decoding: term, as: UTF8.self)
            if let previous, !previous.lexicographicallyPrecedes(term) {
                throw corrupt("\(segment.info.name).tdi", "terms out of order at \(shown)")
            }
            previous = term
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
            var maxFrequency = [0, 0, 0]
            var minLength = [Int.max, Int.max, Int.max]
            func finishBlock(_ postings: SegmentPostings) throws {
                guard postings.skipEntryCount > 0 else { return }
                let entry = try postings.skipEntryValues(block)
                let expectedMax = maxFrequency.map { min($0, 0xFFFF) }
                let expectedMin = minLength.map { min($0, 0xFFFF) }
                guard entry.maxFrequency == expectedMax, entry.minLength == expectedMin else {
                    throw corrupt(docName, "skip entry \(block) of \(shown) gives bounds \(entry.maxFrequency)/\(entry.minLength), its block holds \(expectedMax)/\(expectedMin)")
                }
            }
            while try postings.next() != SegmentPostings.exhausted {
                if postings.block != block {
                    if block >= 0 { try finishBlock(postings) }
                    block = postings.block
                    guard postings.blockByteRange.lowerBound == blockEnd else {
                        throw corrupt(docName, "block \(block) of \(shown) starts at \(postings.blockByteRange.lowerBound), the previous block ends at \(blockEnd)")
                    }
                    guard postings.blockPositionStart == positionEnd || (block == 0 && postings.blockPositionStart == postings.positionsStart) else {
                        throw corrupt(positionName, "positions of block \(block) of \(shown) start at \(postings.blockPositionStart), the previous block's end at \(positionEnd)")
                    }
                    blockEnd = postings.blockByteRange.upperBound
                    maxFrequency = [0, 0, 0]
                    minLength = [Int.max, Int.max, Int.max]
                }
                count += 1
                let doc = postings.doc
                if doc <= last { throw corrupt(docName, "documents out of order in the postings of \(shown)") }
                last = doc
                var total = 0
                for field in 0..<IndexField.count {
                    let frequency = postings.frequency(inField: field)
                    total += frequency
                    let positions = try postings.positions(inField: field)
                    if positions.count != frequency {
                        throw corrupt(positionName, "\(positions.count) positions for frequency \(frequency) of \(shown)")
                    }
                    let length = segment.fieldLength(Int(doc), field: field)
                    for (i, position) in positions.enumerated() where (i > 0 && position <= positions[i - 1]) || Int(position) >= length {
                        throw corrupt(positionName, "position \(position) of \(shown) out of order or beyond the field's \(length) tokens")
                    }
                    occurrences[Int(doc) * IndexField.count + field] += frequency
                    if frequency > 0 {
                        maxFrequency[field] = max(maxFrequency[field], frequency)
                        minLength[field] = min(minLength[field], length)
                    }
                }
                positionEnd = postings.positionOffset
                if total == 0 { throw corrupt(docName, "a posting of \(shown) with no occurrences") }
            }
            if block >= 0 { try finishBlock(postings) }
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
        for doc in 0..<segment.maxDoc {
            for field in 0..<IndexField.count where occurrences[doc * IndexField.count + field] > segment.fieldLength(doc, field: field) {
                problems.append("\(docName): document \(doc) has more occurrences in field \(field) than its length")
            }
        }
        report.problems += problems.prefix(10)
    }
}
