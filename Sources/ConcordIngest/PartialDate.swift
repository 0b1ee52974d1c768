/// A calendar date known to the year, the month or the day (proleptic Gregorian calendar).
///
/// Guarantees: a value made by `init?(parsing:)` is always valid — `year` in 1...9999, `month` in 1...12 when present,
/// `day` a real day of that month when present, and `day` is never present without `month`. The memberwise initializer
/// does not validate; use `isValid` when building values by hand.
///
/// Ordering (`Comparable`) is chronological with the less precise date first on a tie:
/// `1950` < `1950-10` < `1950-10-01` < `1950-10-08` < `1950-11`.
public struct PartialDate: Equatable, Hashable, Sendable {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Whether the fields name a real date (see the type's guarantees).
    public var isValid: Bool {
        guard (1...9999).contains(year) else { return false }
        guard let month else { return day == nil }
        guard (1...12).contains(month) else { return false }
        guard let day else { return true }
        return (1...PartialDate.daysIn(month: month, year: year)).contains(day)
    }

    /// Number of days in `month` (1...12) of `year`, with Gregorian leap years.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11:
            return 30
        default:
            return 31
        }
    }
}

extension PartialDate: Comparable {
    public static func < (lhs: PartialDate, rhs: PartialDate) -> Bool {
        if lhs.year != rhs.year { return lhs.year < rhs.year }
        // A missing component sorts before any present one (0 is below every valid month/day).
        let lhsMonth = lhs.month ?? 0, rhsMonth = rhs.month ?? 0
        if lhsMonth != rhsMonth { return lhsMonth < rhsMonth }
        return (lhs.day ?? 0) < (rhs.day ?? 0)
    }
}
