import ConcordStorage

/// One durable state of the index: the segments it is made of, their deletions, the settings the index
/// was created with, small opaque user data, and the names of user files (`manifest-…`: the pipeline's
/// corpus manifest) that belong to this commit — kept while it is current, removed with it, and never
/// opened by readers.
///
/// Written as `commit-<generation>`: first to `commit-<generation>.pending`, synced, renamed, and the
/// folder synced — so a commit file either exists whole or not at all.
///
///     Body    := generation:u64 | nextSegment:u64 | settings:String | count:u32 | Segment × count
///                | userDataLength:VInt | userData | userFileCount:VInt | name:String × userFileCount
///     Segment := name:String | identity:16 bytes | maxDoc:u32 | deleted:u32 | deletionGeneration:u64 | fieldLength:u64 × 3
public struct Commit: Equatable, Sendable {
    static let format = "concord.commit"
    /// The index format this code writes (`IndexFormat.version`). A commit of version 1 is still read (its
    /// segment entries lack identities and it names no user files) so that its settings survive an
    /// automatic rebuild, but its segments cannot be opened: see `isOutdated`.
    public static let version: UInt32 = IndexFormat.version
    static let prefix = "commit-"

    public var generation: Int
    public var nextSegmentNumber: Int
    public var settings: String
    public var segments: [SegmentInfo]
    public var userData: [UInt8]
    /// A random identity of this commit (written in its header; nothing checks it against anything).
    public var identity = FileIdentity.random()
    /// The index format version the commit was written with.
    public var formatVersion: UInt32 = Commit.version

    /// True for an index of an older format, which must be rebuilt (`concord index` does so by itself).
    public var isOutdated: Bool { formatVersion < Commit.version }
    /// Files written through `IndexWriter.writeUserFile` that this commit needs.
    public var userFiles: [String]

    public init(generation: Int, nextSegmentNumber: Int, settings: String, segments: [SegmentInfo], userData: [UInt8],
                userFiles: [String] = []) {
        self.generation = generation
        self.nextSegmentNumber = nextSegmentNumber
        self.settings = settings
        self.segments = segments
        self.userData = userData
        self.userFiles = userFiles
    }

    public static func fileName(generation: Int) -> String { prefix + String(generation) }

    /// Files this commit needs, itself included.
    public var fileNames: [String] {
        [Self.fileName(generation: generation)] + segments.flatMap(\.fileNames) + userFiles
    }

    /// Generations of the complete commit files present, ascending.
    public static func generations(in directory: Directory) throws -> [Int] {
        try directory.listFiles().compactMap(IndexFiles.commitGeneration).sorted()
    }

    public static func read(from directory: Directory, generation: Int) throws -> Commit {
        let name = fileName(generation: generation)
        let file = try FramedFile(directory: directory, name: name, format: format, versions: 1...IndexFormat.version,
                                  acceptsFormatOneFraming: true)
        var reader = file.reader()
        let stored = try reader.readU64(max: Int.max >> 1)
        guard stored == generation else { throw reader.corrupt("names generation \(stored), file name says \(generation)") }
        let next = try reader.readU64(max: Int.max >> 1)
        let settings = try reader.readString()
        let count = Int(try reader.readU32())
        guard count <= 1 << 20 else { throw reader.corrupt("implausible segment count \(count)") }
        var segments: [SegmentInfo] = []
        for _ in 0..<count {
            let name = try reader.readString()
            // Version 1 entries have no identity (such a commit is read only for its settings).
            let identity = file.version >= 2 ? try FileIdentity(reading: &reader) : FileIdentity.random()
            let maxDoc = Int(try reader.readU32())
            let deleted = Int(try reader.readU32())
            let deletionGeneration = try reader.readU64(max: Int.max >> 1)
            var lengths: [Int] = []
            for _ in 0..<IndexField.count { lengths.append(try reader.readU64(max: Int.max >> 1)) }
            // Document numbers are Int32 in postings and merges; a larger segment cannot have been written.
            guard deleted <= maxDoc, maxDoc <= Int(Int32.max), !name.isEmpty, !name.contains("/"),
                  !segments.contains(where: { $0.name == name })
            else { throw reader.corrupt("bad segment entry \(name)") }
            segments.append(SegmentInfo(name: name, identity: identity, maxDoc: maxDoc, deletedCount: deleted,
                                        deletionGeneration: deletionGeneration, totalFieldLengths: lengths))
        }
        let userLength = try reader.readVInt(max: reader.remaining)
        let userData = Array(try reader.readBytes(userLength))
        var userFiles: [String] = []
        if file.version >= 2 {
            let fileCount = try reader.readVInt(max: reader.remaining)
            for _ in 0..<fileCount {
                let name = try reader.readString()
                guard IndexFiles.isUserFile(name), !name.contains("/") else { throw reader.corrupt("bad user file name \(name)") }
                userFiles.append(name)
            }
        }
        guard reader.isAtEnd else { throw reader.corrupt("trailing bytes after the commit") }
        var commit = Commit(generation: generation, nextSegmentNumber: next, settings: settings, segments: segments,
                            userData: userData, userFiles: userFiles)
        commit.identity = file.identity
        commit.formatVersion = file.version
        return commit
    }

    /// Writes this commit durably and atomically.
    func write(to directory: Directory) throws {
        let final = Self.fileName(generation: generation)
        let pending = final + ".pending"
        try FramedFileWriter.writeFile(directory: directory, name: pending, format: Self.format, version: Self.version,
                                       identity: identity) { out in
            out.writeU64(UInt64(generation))
            out.writeU64(UInt64(nextSegmentNumber))
            out.writeString(settings)
            out.writeU32(UInt32(segments.count))
            for segment in segments {
                out.writeString(segment.name)
                segment.identity.write(to: &out)
                out.writeU32(UInt32(segment.maxDoc))
                out.writeU32(UInt32(segment.deletedCount))
                out.writeU64(UInt64(segment.deletionGeneration))
                for length in segment.totalFieldLengths { out.writeU64(UInt64(length)) }
            }
            out.writeVInt(userData.count)
            out.writeBytes(userData)
            out.writeVInt(userFiles.count)
            for name in userFiles { out.writeString(name) }
        }
        try directory.rename(pending, to: final)
        try directory.syncDirectory()
    }
}
