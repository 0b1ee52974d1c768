/// Walks precomputed `PhrasePostings` with the same doc/advance contract as a `PostingsCursor`.
struct PhraseCursor {
    let postings: PhrasePostings
    private var index = -1
    private(set) var doc: Int32 = -1

    init(postings: PhrasePostings) {
        self.postings = postings
    }

    mutating func next() -> Int32 {
        index += 1
        doc = index < postings.count ? postings.docs[index] : Int32.max
        return doc
    }

    mutating func advance(to target: Int32) -> Int32 {
        if doc >= target { return doc }
        // Galloping would help long lists; a linear step is fine for the short lists phrases produce.
        repeat {
            index += 1
        } while index < postings.count && postings.docs[index] < target
        doc = index < postings.count ? postings.docs[index] : Int32.max
        return doc
    }

    var frequencies: (Int, Int, Int) { postings.frequencies(at: index) }
}
