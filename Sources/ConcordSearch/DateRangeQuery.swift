import Foundation
import ConcordIndex

/// Documents whose date interval overlaps `[first, last]` (day numbers, see `DayInterval`; nil is an
/// open end). Undated documents never match. A filter: it never changes scores.
public struct DateRangeQuery: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var first: Int32?
    public var last: Int32?

    public init(first: Int32?, last: Int32?) {
        self.first = first
        self.last = last
    }

    @inline(__always)
    public func matches(_ interval: DayInterval) -> Bool {
        (first.map { interval.last >= $0 } ?? true) && (last.map { interval.first <= $0 } ?? true)
    }

    public var description: String {
        func day(_ d: Int32) -> String {
            let c = DayInterval.civil(d)
            return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
        }
        return "date:" + (first.map(day) ?? "") + ".." + (last.map(day) ?? "")
    }
}
