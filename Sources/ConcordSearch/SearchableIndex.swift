/// A searchable index: an ordered list of segments plus the whole-index statistics BM25F needs.
///
/// `liveDocumentCount` is N (live documents over all segments) and `totalFieldLength(field:)` is the
/// sum of exact field lengths over live documents only, so `avglen_f = totalFieldLength / N`.
public protocol SearchableIndex {
    associatedtype Segment: SearchableSegment
    var segments: [Segment] { get }
    var liveDocumentCount: Int { get }
    func totalFieldLength(field: Int) -> Int
}
