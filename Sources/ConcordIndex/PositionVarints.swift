import ConcordStorage

/// Reading one field's run of position varints in the `.pos` body: the first position, then deltas.
enum PositionVarints {
    /// Decodes up to `count` positions starting at byte `at` of `body`, handing each (with its index in
    /// the run) to `visit` until it answers false; returns how many were decoded, with `at` moved past
    /// them. Every varint is bounds-checked against the body (at most five bytes each) and every position
    /// against `SegmentPostings.positionLimit`; corrupt bytes throw, never trap.
    @inline(__always)
    static func walk(_ count: Int, from at: inout Int, in body: UnsafeRawBufferPointer, file: String,
                     _ visit: (Int, Int32) -> Bool) throws -> Int {
        guard count > 0 else { return 0 }
        guard let bytes = body.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw StorageError.corrupt(file: file, reason: "positions missing")
        }
        let end = body.count
        guard at >= 0, count <= end &- at else {
            // Each position takes at least one byte.
            throw StorageError.corrupt(file: file, reason: "positions end beyond the file (at byte \(at))")
        }
        let limit = SegmentPostings.positionLimit
        var p: UInt64 = 0
        var n = 0
        if count <= (end &- at) / 5 {
            // Even if every varint took the five bytes a well-formed one may have, they all lie inside
            // the file, so only the varint length is checked per byte.
            while n < count {
                if count &- n >= 8 {
                    // Eight varints left, so at least 40 bytes lie ahead (five per varint was checked
                    // for all of them). When the next eight bytes are all one-byte varints (deltas below
                    // 128: most positions of common words), they are taken in one step, with one range
                    // check for their sum.
                    let word = UInt64(littleEndian: UnsafeRawPointer(bytes + at).loadUnaligned(as: UInt64.self))
                    if word & 0x8080_8080_8080_8080 == 0 && p &+ 8 &* 0x7F < limit {
                        var shifted = word
                        for j in 0..<8 {
                            p &+= shifted & 0x7F
                            shifted &>>= 8
                            let index = n
                            n &+= 1
                            if !visit(index, Int32(truncatingIfNeeded: p)) {
                                at &+= j &+ 1
                                return n
                            }
                        }
                        at &+= 8
                        continue
                    }
                }
                var byte = bytes[at]
                at &+= 1
                var delta = UInt64(byte & 0x7F)
                if byte >= 0x80 {
                    var shift: UInt64 = 7
                    repeat {
                        byte = bytes[at]
                        at &+= 1
                        delta |= UInt64(byte & 0x7F) &<< shift
                        shift &+= 7
                    } while byte >= 0x80 && shift < 35
                    if byte >= 0x80 {
                        throw StorageError.corrupt(file: file, reason: "bad position varint (at byte \(at))")
                    }
                }
                guard delta < limit, p &+ delta < limit else {
                    throw StorageError.corrupt(file: file, reason: "position out of range (at byte \(at))")
                }
                p &+= delta
                let index = n
                n &+= 1
                if !visit(index, Int32(truncatingIfNeeded: p)) { break }
            }
        } else {
            // The tail of the file: a bounds check per byte.
            while n < count {
                var delta: UInt64 = 0, shift: UInt64 = 0
                while true {
                    guard at < end, shift < 35 else {
                        throw StorageError.corrupt(file: file, reason: "bad position varint (at byte \(at))")
                    }
                    let byte = bytes[at]
                    at &+= 1
                    delta |= UInt64(byte & 0x7F) << shift
                    if byte < 0x80 { break }
                    shift &+= 7
                }
                // Both the delta and the sum are range-checked before the sum can overflow.
                guard delta < limit, p &+ delta < limit else {
                    throw StorageError.corrupt(file: file, reason: "position out of range (at byte \(at))")
                }
                p &+= delta
                let index = n
                n &+= 1
                if !visit(index, Int32(truncatingIfNeeded: p)) { break }
            }
        }
        return n
    }
}
