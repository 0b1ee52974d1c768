import CICU

/// Owns an ICU root-locale word break iterator. Not thread-safe.
final class ICUWordBreaker {
    private let handle: OpaquePointer

    init() throws {
        var error: Int32 = 0
        guard let handle = concord_word_breaker_open(&error) else {
            throw AnalyzerError.icuUnavailable(operation: "open a word break iterator", code: -error)
        }
        self.handle = handle
    }

    deinit { concord_word_breaker_close(handle) }

    /// Writes the kept words of `text` into the three buffers (each at least `text.count` long)
    /// and returns how many were written; 0 when ICU fails.
    func words(
        in text: UnsafeBufferPointer<UInt16>,
        starts: UnsafeMutableBufferPointer<Int32>,
        ends: UnsafeMutableBufferPointer<Int32>,
        kinds: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        guard let base = text.baseAddress, !text.isEmpty,
              let startBase = starts.baseAddress, let endBase = ends.baseAddress, let kindBase = kinds.baseAddress
        else { return 0 }
        let capacity = Int32(clamping: min(starts.count, ends.count, kinds.count))
        let count = concord_word_breaker_words(handle, base, Int32(clamping: text.count), startBase, endBase, kindBase, capacity)
        return max(0, Int(count))
    }

    /// Every segment of `text` with its raw ICU rule status: `(end, status)` pairs. For tests.
    func segments(of text: [UInt16]) -> [(end: Int, status: Int32)] {
        guard !text.isEmpty else { return [] }
        var boundaries = [Int32](repeating: 0, count: text.count)
        var statuses = [Int32](repeating: 0, count: text.count)
        let count = text.withUnsafeBufferPointer { units in
            boundaries.withUnsafeMutableBufferPointer { b in
                statuses.withUnsafeMutableBufferPointer { s in
                    concord_word_breaker_segments(handle, units.baseAddress, Int32(units.count),
                                                  b.baseAddress, s.baseAddress, Int32(units.count))
                }
            }
        }
        return (0..<max(0, Int(count))).map { (Int(boundaries[$0]), statuses[$0]) }
    }
}
