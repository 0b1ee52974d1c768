extension PartialDate {
    /// English month names, index 0 = January.
    static let monthNames = [
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ]

    /// ISO 8601 form at the known precision: `"1950-10-08"`, `"1950-10"` or `"1950"`.
    public var iso: String {
        var text = PartialDate.padded(year, width: 4)
        guard let month else { return text }
        text += "-" + PartialDate.padded(month, width: 2)
        guard let day else { return text }
        return text + "-" + PartialDate.padded(day, width: 2)
    }

    /// English display form as archive listings print it: `"October 8, 1950"`, `"October 1950"` or `"1950"`.
    public var display: String {
        guard let month, PartialDate.monthNames.indices.contains(month - 1) else { return String(year) }
        let name = PartialDate.monthNames[month - 1]
        guard let day else { return "\(name) \(year)" }
        return "\(name) \(day), \(year)"
    }

    private static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
