/// Keeps the best `capacity` hits seen so far in a binary min-heap whose root is the worst kept hit.
///
/// Order: higher score first; equal scores by id ascending; then segment and doc ascending so the
/// order is total. The id is fetched only when a candidate can enter the heap.
struct TopKCollector {
    struct Entry {
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

    /// True when `a` ranks before `b`.
    static func ranksBefore(_ a: Entry, _ b: Entry) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.id != b.id { return a.id < b.id }
        if a.segment != b.segment { return a.segment < b.segment }
        return a.doc < b.doc
    }

    /// The score a candidate must reach to enter, once the heap is full (nil before).
    @inline(__always)
    var threshold: Double? { heap.count == capacity && capacity > 0 ? heap[0].score : nil }

    @inline(__always)
    mutating func offer(score: Double, segment: Int, doc: Int32, id: () throws -> String) rethrows {
        guard capacity > 0 else { return }
        if heap.count < capacity {
            heap.append(Entry(score: score, segment: segment, doc: doc, id: try id()))
            siftUp(heap.count - 1)
            return
        }
        // Most candidates lose on score alone; compare it before touching the entry (and its id).
        if score < heap[0].score { return }
        let entry = Entry(score: score, segment: segment, doc: doc, id: try id())
        guard Self.ranksBefore(entry, heap[0]) else { return }
        heap[0] = entry
        siftDown(0)
    }

    /// The kept entries, best first.
    func sorted() -> [Entry] {
        heap.sorted(by: Self.ranksBefore)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            // The root must be the worst: a parent that ranks before its child swaps down.
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
