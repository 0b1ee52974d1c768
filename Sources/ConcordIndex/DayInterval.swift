/// A closed interval of calendar days, each day numbered from 1970-01-01 (day 0) in the proleptic
/// Gregorian calendar. A partial date is the interval it names: `1950` is 1950-01-01…1950-12-31,
/// `1950-10` is 1950-10-01…1950-10-31, `1950-10-08` is that one day.
///
/// Date filters match a document whose interval overlaps the filter's; sorting by date orders by
/// `first`, then by `last`. Days fit `Int32` for every year in 1...9999.
public struct DayInterval: Hashable, Sendable, CustomStringConvertible {
    public var first: Int32
    public var last: Int32

    /// `first <= last` is required.
    public init(first: Int32, last: Int32) {
        precondition(first <= last, "a day interval runs forwards")
        self.first = first
        self.last = last
    }

    /// The interval a partial date names, or nil when the components are not a real date
    /// (year outside 1...9999, month outside 1...12, a day the month does not have, a day without a month).
    public init?(year: Int, month: Int? = nil, day: Int? = nil) {
        guard (1...9999).contains(year) else { return nil }
        guard let month else {
            guard day == nil else { return nil }
            first = Int32(Self.dayNumber(year: year, month: 1, day: 1))
            last = Int32(Self.dayNumber(year: year, month: 12, day: 31))
            return
        }
        guard (1...12).contains(month) else { return nil }
        let length = Self.daysIn(month: month, year: year)
        if let day {
            guard (1...length).contains(day) else { return nil }
            first = Int32(Self.dayNumber(year: year, month: month, day: day))
            last = first
        } else {
            first = Int32(Self.dayNumber(year: year, month: month, day: 1))
            last = Int32(Self.dayNumber(year: year, month: month, day: length))
        }
    }

    /// True when the two intervals share at least one day.
    public func overlaps(_ other: DayInterval) -> Bool { first <= other.last && other.first <= last }

    public var description: String {
        let a = Self.civil(first), b = Self.civil(last)
        return "\(a.year)-\(a.month)-\(a.day)…\(b.year)-\(b.month)-\(b.day)"
    }

    /// Days in `month` (1...12) of `year`, with Gregorian leap years.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Day number of a valid civil date (days since 1970-01-01; negative before).
    /// Howard Hinnant's `days_from_civil` algorithm, restated.
    public static func dayNumber(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The civil date of a day number (inverse of `dayNumber`).
    public static func civil(_ dayNumber: Int32) -> (year: Int, month: Int, day: Int) {
        let z = Int(dayNumber) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension DayInterval {
    /// Parses an ISO partial date (`1950`, `1950-10`, `1950-10-08`, year of exactly four digits);
    /// nil for anything else or an impossible date.
    public init?(isoDate text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4,
              parts.dropFirst().allSatisfy({ $0.count == 2 }),
              parts.allSatisfy({ $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }),
              let year = Int(parts[0])
        else { return nil }
        self.init(year: year, month: parts.count > 1 ? Int(parts[1]) : nil, day: parts.count > 2 ? Int(parts[2]) : nil)
    }
}
