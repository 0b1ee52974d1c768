extension PartialDate {
    /// Parses a date written in one of the forms archives use, rejecting impossible dates (`February 30, 1950`).
    ///
    /// Accepted (month names in English, any case; abbreviations with or without a period, `Sept` too; an ordinal
    /// suffix on the day such as `8th` is allowed; the year always has four digits):
    ///
    ///     October 8, 1950    Oct. 8, 1950    Oct 8 1950     8 October 1950    8 Oct. 1950
    ///     October 1950       Oct. 1950       1950-10-08     1950-10           1950
    ///
    /// Leading and trailing whitespace is ignored. Anything else gives `nil`.
    public init?(parsing text: String) {
        let tokens = text.split(whereSeparator: { $0 == "," || $0.isWhitespace })
        let parsed: PartialDate?
        switch tokens.count {
        case 1:
            parsed = PartialDate.parseNumeric(tokens[0])
        case 2:
            // Month Year
            guard let month = PartialDate.monthNumber(tokens[0]), let year = PartialDate.year(tokens[1]) else {
                return nil
            }
            parsed = PartialDate(year: year, month: month)
        case 3:
            if let month = PartialDate.monthNumber(tokens[0]) {
                // Month Day Year
                guard let day = PartialDate.day(tokens[1]), let year = PartialDate.year(tokens[2]) else { return nil }
                parsed = PartialDate(year: year, month: month, day: day)
            } else {
                // Day Month Year
                guard let day = PartialDate.day(tokens[0]), let month = PartialDate.monthNumber(tokens[1]),
                      let year = PartialDate.year(tokens[2]) else { return nil }
                parsed = PartialDate(year: year, month: month, day: day)
            }
        default:
            parsed = nil
        }
        guard let parsed, parsed.isValid else { return nil }
        // At most one comma, right after the day or the month (`October 8, 1950`, `8 October, 1950`).
        guard PartialDate.commasAreWellPlaced(text) else { return nil }
        self = parsed
    }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (month and day may have one or two digits).
    private static func parseNumeric(_ token: Substring) -> PartialDate? {
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, let year = year(first) else { return nil }
        switch parts.count {
        case 1:
            return PartialDate(year: year)
        case 2:
            guard let month = number(parts[1], digits: 1...2) else { return nil }
            return PartialDate(year: year, month: month)
        case 3:
            guard let month = number(parts[1], digits: 1...2), let day = number(parts[2], digits: 1...2) else {
                return nil
            }
            return PartialDate(year: year, month: month, day: day)
        default:
            return nil
        }
    }

    private static func year(_ token: Substring) -> Int? {
        number(token, digits: 4...4)
    }

    /// A day number, optionally with an English ordinal suffix (`1st`, `2nd`, `3rd`, `8th`).
    private static func day(_ token: Substring) -> Int? {
        var digits = token
        let lowered = token.lowercased()
        if ["st", "nd", "rd", "th"].contains(where: { lowered.hasSuffix($0) }) {
            digits = token.dropLast(2)
        }
        return number(digits, digits: 1...2)
    }

    private static func number(_ token: Substring, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(token.utf8.count), token.utf8.allSatisfy({ (0x30...0x39).contains($0) }) else {
            return nil
        }
        return Int(token)
    }

    /// Month number for a full English month name or its abbreviation (`Oct`, `Oct.`, `Sept.`), any case.
    private static func monthNumber(_ token: Substring) -> Int? {
        var name = token.lowercased()
        let abbreviated = name.hasSuffix(".")
        if abbreviated { name.removeLast() }
        guard name.count >= 3 else { return nil }
        for (index, full) in monthNames.enumerated() {
            let lowered = full.lowercased()
            if name == lowered && !abbreviated { return index + 1 }
            if name == String(lowered.prefix(3)) { return index + 1 }
        }
        return name == "sept" ? 9 : nil
    }

    /// At most one comma, and only right after a day number or a month name.
    private static func commasAreWellPlaced(_ text: String) -> Bool {
        let pieces = text.split(separator: ",", omittingEmptySubsequences: false)
        guard pieces.count > 1 else { return true }
        guard pieces.count == 2 else { return false }
        let beforeComma = pieces[0].split(whereSeparator: { $0.isWhitespace }).last
        return beforeComma.map { day($0) != nil || monthNumber($0) != nil } ?? false
    }
}
