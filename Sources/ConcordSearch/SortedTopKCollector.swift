/// Keeps the best `capacity` hits under a date order: a min-heap whose root is the worst kept hit.
///
/// Order: by `key` ascending (the date order's key; undated documents have the largest key), then
/// score descending, then id ascending, then segment and doc. The id is read only when a hit can enter.
struct SortedTopKCollector {
    struct Entry {
        var key: (Int64, Int64)
        var score: Double
        var segment: Int
        var doc: Int32
        var id: String
    }

    let capacity: Int
    private(set) var heap: [Entry] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        heap.reserveCapacity(min(self.capacity, 1024))
    }

    static func ranksBefore(_ a: Entry, _ b: Entry) -> Bool {
        if a.key != b.key { return a.key < b.key }
        if a.score != b.score { return a.score > b.score }
        if a.id != b.id { return a.id < b.id }
        if a.segment != b.segment { return a.segment < b.segment }
        return a.doc < b.doc
    }

    mutating func offer(key: (Int64, Int64), score: Double, segment: Int, doc: Int32, id: () throws -> String) rethrows {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(Entry(key: key, score: score, segment: segment, doc: doc, id: try id()))
            siftUp(heap.count - 1)
            return
        }
        let root = heap[0]
        if key > root.key || (key == root.key && score < root.score) { return }
        let entry = Entry(key: key, score: score, segment: segment, doc: doc, id: try id())
        guard Self.ranksBefore(entry, root) else { return }
        heap[0] = entry
        siftDown(0)
    }

    func sorted() -> [Entry] { heap.sorted(by: Self.ranksBefore) }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.ranksBefore(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var worse = left
            let right = left + 1
            if right < heap.count, Self.ranksBefore(heap[left], heap[right]) { worse = right }
            guard Self.ranksBefore(heap[parent], heap[worse]) else { return }
            heap.swapAt(parent, worse)
            parent = worse
        }
    }
}
