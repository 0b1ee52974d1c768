/// Keeps the best `capacity` hits under a date order: a min-heap whose root is the worst kept hit.
///
/// Order: by `key` ascending (the date order's key; undated documents have the largest key), then
/// score descending, then id ascending, then segment and doc. The id is read only when a hit can enter.
struct SortedTopKCollector {
    struct Entry: RankedEntry {
        var key: (Int64, Int64)
        var score: Double
        var segment: Int
        var doc: Int32
        var id: String

        static func ranksBefore(_ a: Entry, _ b: Entry) -> Bool {
            if a.key != b.key { return a.key < b.key }
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

    mutating func offer(key: (Int64, Int64), score: Double, segment: Int, doc: Int32, id: () throws -> String) rethrows {
        guard heap.capacity > 0 else { return }
        // Most candidates lose on key and score alone; compare them before reading the id.
        if heap.isFull, let worst = heap.worst, key > worst.key || (key == worst.key && score < worst.score) { return }
        heap.offer(Entry(key: key, score: score, segment: segment, doc: doc, id: try id()))
    }

    func sorted() -> [Entry] { heap.sorted() }
}
