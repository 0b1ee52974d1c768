/// Keeps the best `capacity` hits seen so far in a binary min-heap whose root is the worst kept hit.
///
/// Order: higher score first; equal scores by id ascending; then segment and doc ascending so the
/// order is total. The id is fetched only when a candidate can enter the heap.
struct TopKCollector {
    struct Entry: RankedEntry {
        var score: Double
        var segment: Int
        var doc: Int32
        var id: String

        /// True when `a` ranks before `b`.
        static func ranksBefore(_ a: Entry, _ b: Entry) -> Bool {
            if a.score != b.score { return a.score > b.score }
            if a.id != b.id { return a.id < b.id }
            if a.segment != b.segment { return a.segment < b.segment }
            return a.doc < b.doc
        }
    }

    private var heap: WorstFirstHeap<Entry>

    init(capacity: Int) {
        heap = WorstFirstHeap(capacity: capacity)
    }

    var capacity: Int { heap.capacity }

    /// The score a candidate must reach to enter, once the heap is full (nil before).
    @inline(__always)
    var threshold: Double? { heap.isFull && heap.capacity > 0 ? heap.worst?.score : nil }

    @inline(__always)
    mutating func offer(score: Double, segment: Int, doc: Int32, id: () throws -> String) rethrows {
        guard heap.capacity > 0 else { return }
        // Most candidates lose on score alone; compare it before touching the entry (and its id).
        if heap.isFull, let worst = heap.worst, score < worst.score { return }
        heap.offer(Entry(score: score, segment: segment, doc: doc, id: try id()))
    }

    /// The kept entries, best first.
    func sorted() -> [Entry] { heap.sorted() }
}
