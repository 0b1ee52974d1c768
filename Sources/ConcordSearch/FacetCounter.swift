import ConcordIndex

/// Counts hits per facet value while the searcher walks every hit (exact: all hits, not a page).
struct FacetCounter {
    let fields: [FacetField]
    private var years: [Int: Int] = [:]
    private var decades: [Int: Int] = [:]
    private var values: [String: [String: Int]] = [:]
    private let needsDate: Bool

    init(fields: [FacetField]) {
        self.fields = fields
        needsDate = fields.contains(.year) || fields.contains(.decade)
    }

    var isEmpty: Bool { fields.isEmpty }

    /// Counts one hit; `interval` is its date when the caller already read it.
    mutating func add<Segment: SearchableSegment>(doc: Int32, segment: Segment, interval: DayInterval??) throws {
        if needsDate, let date = try interval ?? segment.dateInterval(doc) {
            let year = DayInterval.civil(date.first).year
            if fields.contains(.year) { years[year, default: 0] += 1 }
            if fields.contains(.decade) { decades[year / 10 * 10, default: 0] += 1 }
        }
        for field in fields {
            guard case .keyword(let name) = field else { continue }
            if let value = try segment.keywordValue(field: name, doc: doc) { values[name, default: [:]][value, default: 0] += 1 }
        }
    }

    func results() -> [FacetCounts] {
        fields.map { field in
            switch field {
            case .year:
                return FacetCounts(field: field, counts: years.sorted { $0.key < $1.key }.map { (String($0.key), $0.value) })
            case .decade:
                return FacetCounts(field: field, counts: decades.sorted { $0.key < $1.key }.map { ("\($0.key)s", $0.value) })
            case .keyword(let name):
                let counts = (values[name] ?? [:]).sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                return FacetCounts(field: field, counts: counts.map { ($0.key, $0.value) })
            }
        }
    }
}
