import ConcordStorage

/// Collects the column values of a segment's documents, in document order, and writes the column file
/// (`.col`, format `concord.columns`; layout in FORMAT.md and `SegmentColumns`).
///
/// Each keyword field's values are gathered into a dictionary sorted by UTF-8 bytes; a document stores
/// the 1-based position of its value there (0 for none). Numbering happens at `write`, so a merge
/// renumbers ordinals simply by adding its documents' values again.
struct ColumnFileWriter {
    static let format = "concord.columns"
    static let version: UInt32 = IndexFormat.version
    /// Day number marking an undated document (below every real day).
    static let undated = Int32.min

    /// One keyword field being collected: values in first-seen order and, per document, the index of its
    /// value there (-1 for none).
    private struct Field {
        var ids: [String: Int32] = [:]
        var values: [String] = []
        var documents: [Int32] = []
        var valueBytes = 0
    }

    private var firstDays: [Int32] = []
    private var lastDays: [Int32] = []
    private var fields: [String: Field] = [:]

    var documentCount: Int { firstDays.count }

    mutating func reserveDocuments(_ count: Int) {
        firstDays.reserveCapacity(firstDays.count + count)
        lastDays.reserveCapacity(lastDays.count + count)
    }

    mutating func add(_ values: ColumnValues) {
        let doc = firstDays.count
        firstDays.append(values.date?.first ?? Self.undated)
        lastDays.append(values.date?.last ?? Self.undated)
        for (name, value) in values.keywords {
            var field = fields[name] ?? Field()
            fields[name] = nil      // keeps the arrays uniquely referenced while they grow
            let id: Int32
            if let known = field.ids[value] {
                id = known
            } else {
                id = Int32(field.values.count)
                field.ids[value] = id
                field.values.append(value)
                field.valueBytes += value.utf8.count
            }
            if field.documents.count < doc { field.documents.append(contentsOf: repeatElement(-1, count: doc - field.documents.count)) }
            field.documents.append(id)
            fields[name] = field
        }
    }

    /// Writes the file (framed, synced). Throws `IndexError.limitExceeded` when a field's values exceed 4 GiB.
    func write(directory: Directory, name: String, identity: FileIdentity) throws {
        let maxDoc = firstDays.count
        let names = fields.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for fieldName in names where (fields[fieldName]?.valueBytes ?? 0) > Int(UInt32.max) {
            throw IndexError.limitExceeded("the values of keyword field \(fieldName) exceed 4 GiB in one segment")
        }
        try FramedFileWriter.writeFile(directory: directory, name: name, format: Self.format, version: Self.version,
                                       identity: identity) { out in
            out.writeU32(UInt32(maxDoc))
            out.writeU32(UInt32(names.count))
            // A segment without any dated document has no date column.
            let dated = firstDays.contains { $0 != Self.undated }
            out.writeU8(dated ? 1 : 0)
            if dated {
                for doc in 0..<maxDoc {
                    out.writeU32(UInt32(bitPattern: firstDays[doc]))
                    out.writeU32(UInt32(bitPattern: lastDays[doc]))
                }
            }
            for fieldName in names {
                guard let field = fields[fieldName] else { continue }
                let order = field.values.indices.sorted { field.values[$0].utf8.lexicographicallyPrecedes(field.values[$1].utf8) }
                var ordinal = [Int32](repeating: 0, count: field.values.count)   // first-seen id → 1-based ordinal
                for (position, id) in order.enumerated() { ordinal[id] = Int32(position + 1) }
                let width = field.values.count < 0xFF ? 1 : field.values.count < 0xFFFF ? 2 : 4
                out.writeString(fieldName)
                out.writeU32(UInt32(field.values.count))
                out.writeU8(UInt8(width))
                var offset: UInt32 = 0
                out.writeU32(0)
                for id in order {
                    offset += UInt32(field.values[id].utf8.count)
                    out.writeU32(offset)
                }
                for id in order { out.writeBytes(Array(field.values[id].utf8)) }
                for doc in 0..<maxDoc {
                    let id = doc < field.documents.count ? field.documents[doc] : -1
                    let value = id < 0 ? 0 : UInt32(ordinal[Int(id)])
                    switch width {
                    case 1: out.writeU8(UInt8(value))
                    case 2: out.writeU16(UInt16(value))
                    default: out.writeU32(value)
                    }
                }
            }
        }
    }
}
