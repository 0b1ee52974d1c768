/// Keeps the best `capacity` hits seen so far in a binary min-heap whose root is the worst kept hit.
///
/// Order: higher score first; equal scores by id ascending; then segment and doc ascending so the
/// order is total. Ids are fetched (through `documentID`) only where the order needs them: for a hit
/// that ties on score with a kept hit, and for the kept hits at the end (with a capacity above
/// `lazyIDCapacity`, for every hit that enters). Invariant: two kept hits with equal scores both
/// have their ids.
struct TopKCollector {
    struct Entry: RankedEntry {
        var score: Double
        var segment: Int
        var doc: Int32
        /// Nil until the order or the caller needs it.
        var id: String?

        /// True when `a` ranks before `b`.
        static func ranksBefore(_ a: Entry, _ b: Entry) -> Bool {
            if a.score != b.score { return a.score > b.score }
            if let x = a.id, let y = b.id, x != y { return x < y }
            if a.segment != b.segment { return a.segment < b.segment }
            return a.doc < b.doc
        }
    }

    /// Above this capacity (deep pages), ties are not looked for: every entering hit gets its id.
    static var lazyIDCapacity: Int { 64 }

    private var heap: WorstFirstHeap<Entry>
    private let documentID: (Int, Int32) throws -> String
    /// How many ids were fetched (tests check that ids stay lazy).
    private(set) var fetchedIDs = 0

    /// `documentID(segment, doc)` is a document's external id.
    init(capacity: Int, documentID: @escaping (Int, Int32) throws -> String) {
        heap = WorstFirstHeap(capacity: capacity)
        self.documentID = documentID
    }

    var capacity: Int { heap.capacity }

    /// The score a candidate must reach to enter, once the heap is full (nil before).
    @inline(__always)
    var threshold: Double? { heap.isFull && heap.capacity > 0 ? heap.worst?.score : nil }

    @inline(__always)
    mutating func offer(score: Double, segment: Int, doc: Int32) throws {
        guard heap.capacity > 0 else { return }
        // Most candidates lose on score alone; compare it before touching the entry (and its id).
        if heap.isFull, let worst = heap.worst, score < worst.score { return }
        var entry = Entry(score: score, segment: segment, doc: doc, id: nil)
        if heap.capacity > Self.lazyIDCapacity {
            entry.id = try fetch(segment, doc)
        } else if heap.entries.contains(where: { $0.score == score }) {
            entry.id = try fetch(segment, doc)
            try resolveIDs { $0.score == score }
        }
        heap.offer(entry)
    }

    /// The kept entries, best first, with their ids.
    mutating func sorted() throws -> [(score: Double, segment: Int, doc: Int32, id: String)] {
        try resolveIDs { _ in true }
        return heap.sorted().map { ($0.score, $0.segment, $0.doc, $0.id ?? "") }
    }

    private mutating func fetch(_ segment: Int, _ doc: Int32) throws -> String {
        fetchedIDs += 1
        return try documentID(segment, doc)
    }

    /// Fetches the missing ids of the kept entries that `selected` picks (which leaves the heap's
    /// order valid: an entry lacks its id only while no other kept entry has its score).
    private mutating func resolveIDs(_ selected: (Entry) -> Bool) throws {
        var missing: [Int] = []
        for (k, entry) in heap.entries.enumerated() where entry.id == nil && selected(entry) { missing.append(k) }
        for k in missing {
            let entry = heap.entries[k]
            let id = try fetch(entry.segment, entry.doc)
            heap.update(at: k) { $0.id = id }
        }
    }
}
