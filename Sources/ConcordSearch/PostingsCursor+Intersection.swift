extension Array where Element: PostingsCursor {
    /// Leapfrog intersection: moves the cursors to the first document `>= target` that every one of them
    /// holds and returns it, or `Int32.max` when the cursors have no further document in common.
    mutating func advanceToCommonDocument(from target: Int32) throws -> Int32 {
        try withUnsafeMutableBufferPointer { try $0.advanceToCommonDocument(from: target) }
    }
}

extension UnsafeMutableBufferPointer where Element: PostingsCursor {
    /// `Array.advanceToCommonDocument(from:)` on cursors moved in place (for loops that keep their cursors
    /// in a buffer, so that no cursor is copied out and back).
    @inline(__always)
    func advanceToCommonDocument(from target: Int32) throws -> Int32 {
        if count == 2 {
            // Two cursors (most phrases, every two-word AND) leapfrog each other directly.
            var lead = try self[0].advance(to: target)
            while lead != Int32.max {
                let follow = try self[1].advance(to: lead)
                if follow == lead || follow == Int32.max { return follow }
                lead = try self[0].advance(to: follow)
                if lead == follow { return lead }
            }
            return Int32.max
        }
        var target = target
        var i = 0
        while i < count {
            let doc = try self[i].advance(to: target)
            if doc == Int32.max { return Int32.max }
            if doc > target {
                target = doc
                i = 0
            } else {
                i += 1
            }
        }
        return target
    }
}
