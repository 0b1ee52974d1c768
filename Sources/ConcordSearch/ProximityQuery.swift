/// A sloppy phrase (`"Kissinger Gromyko"~5`): the terms near each other in one field, in any order.
///
/// Parts are the query terms with their query offsets o_i. A placement puts each part i on a position
/// p_i of its term in the field, distinct parts on distinct positions; its start is s = min_i(p_i − o_i)
/// and its span max_i(p_i − o_i) − s (the number of position moves that turn it into the exact
/// phrase, as in Lucene: two adjacent words swapped span 2). An occurrence is a start s for which some
/// placement with that start has span ≤ `slop`; tf_f counts the distinct such starts in field f. With
/// slop 0 this is the exact phrase count. n_t and the score follow as for a phrase.
public struct ProximityQuery: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var terms: [String]
    public var offsets: [Int]
    public var slop: Int
    public var field: SearchField?
    public var boost: Int

    public init(terms: [String], offsets: [Int]? = nil, slop: Int, field: SearchField? = nil, boost: Int = 1) {
        self.terms = terms
        if let offsets, offsets.count == terms.count, offsets.first == 0 {
            self.offsets = offsets
        } else {
            self.offsets = Array(terms.indices)
        }
        self.slop = max(0, slop)
        self.field = field
        self.boost = boost
    }

    public var description: String {
        scopePrefix(field) + "\"" + terms.joined(separator: " ") + "\"~\(slop)" + boostSuffix(boost)
    }
}
