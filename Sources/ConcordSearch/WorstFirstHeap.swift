/// An entry a bounded top-k heap can keep: `ranksBefore` is a strict total order, best first.
protocol RankedEntry {
    static func ranksBefore(_ a: Self, _ b: Self) -> Bool
}

/// The best `capacity` entries offered so far, in a binary min-heap whose root is the worst kept entry
/// (so deciding whether a new entry enters costs one comparison with the root).
struct WorstFirstHeap<Entry: RankedEntry> {
    let capacity: Int
    private(set) var entries: [Entry] = []

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        entries.reserveCapacity(min(self.capacity, 1024))
    }

    var isFull: Bool { entries.count == capacity }

    /// The worst kept entry (the one a better entry replaces once the heap is full).
    @inline(__always)
    var worst: Entry? { entries.first }

    /// Keeps `entry` when the heap has room or it ranks before the worst kept entry.
    @inline(__always)
    mutating func offer(_ entry: Entry) {
        guard capacity > 0 else { return }
        if entries.count < capacity {
            entries.append(entry)
            siftUp(entries.count - 1)
        } else if Entry.ranksBefore(entry, entries[0]) {
            entries[0] = entry
            siftDown(0)
        }
    }

    /// The kept entries, best first.
    func sorted() -> [Entry] { entries.sorted(by: Entry.ranksBefore) }

    /// Changes the kept entry at `index` in place; `body` must not change how it ranks against the
    /// other kept entries.
    mutating func update(at index: Int, _ body: (inout Entry) -> Void) { body(&entries[index]) }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            // The root must be the worst: a parent that ranks before its child swaps down.
            guard Entry.ranksBefore(entries[parent], entries[child]) else { return }
            entries.swapAt(parent, child)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < entries.count else { return }
            var worse = left
            let right = left + 1
            if right < entries.count, Entry.ranksBefore(entries[left], entries[right]) { worse = right }
            guard Entry.ranksBefore(entries[parent], entries[worse]) else { return }
            entries.swapAt(parent, worse)
            parent = worse
        }
    }
}
