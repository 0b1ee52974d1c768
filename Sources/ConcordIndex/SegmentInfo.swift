import ConcordStorage

/// What a commit records about one segment: its name, size, deletions and field-length totals.
public struct SegmentInfo: Equatable, Sendable {
    public var name: String
    /// The random identity written into the header of every file of the segment.
    public var identity: FileIdentity
    /// Documents written to the segment (deleted ones included); numbered `0..<maxDoc`.
    public var maxDoc: Int
    /// How many of them are deleted.
    public var deletedCount: Int
    /// Generation of the deletion file, 0 when the segment has no deletions.
    public var deletionGeneration: Int
    /// Token counts per field summed over all documents of the segment (deleted ones included).
    public var totalFieldLengths: [Int]

    public var liveCount: Int { maxDoc - deletedCount }

    /// Files that make up the segment at this deletion generation.
    public var fileNames: [String] {
        var names = SegmentFiles.extensions.map { "\(name).\($0)" }
        if deletionGeneration > 0 { names.append(SegmentFiles.deletionFile(name, generation: deletionGeneration)) }
        return names
    }
}

/// File names of a segment's parts.
enum SegmentFiles {
    static let extensions = ["tdi", "doc", "pos", "sto", "dtb", "col"]
    static func deletionFile(_ segment: String, generation: Int) -> String { "\(segment)_\(generation).del" }
    static func segmentName(_ number: Int) -> String { "seg" + String(number, radix: 36) }
}
