/// One document's stored fields as a compact value: the decompressed chunk holding the values' UTF-8
/// bytes (shared with the reader's cache, not copied) and, per field in stored order, its name's number
/// and its value's range there; the id (the field stored as a reference to the document table) apart.
/// Making one costs one allocation whatever the number of fields; a value becomes a `String` only when
/// asked for. Names are shared with the segment (not copied per document).
///
/// Values that are not valid UTF-8 (damage `concord check` reports) come out with replacement characters.
public struct StoredDocument: Sendable {
    @usableFromInline struct Field: Sendable {
        @usableFromInline let name: UInt32
        @usableFromInline let start: UInt32
        @usableFromInline let end: UInt32
    }

    @usableFromInline let names: [String]
    @usableFromInline let bytes: [UInt8]
    @usableFromInline let fields: [Field]
    /// The value of the fields named by number 0 (the id), whose ranges are empty.
    @usableFromInline let id: String

    init(names: [String], bytes: [UInt8], fields: [Field], id: String) {
        self.names = names
        self.bytes = bytes
        self.fields = fields
        self.id = id
    }

    /// Number of stored fields.
    @inlinable public var count: Int { fields.count }

    /// The name of field `i` (in stored order), `i` in `0..<count`.
    @inlinable public func name(at i: Int) -> String { names[Int(fields[i].name)] }

    /// The value of field `i` (in stored order), `i` in `0..<count`.
    @inlinable public func value(at i: Int) -> String {
        let field = fields[i]
        if field.name == 0 { return id }
        return bytes.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(field.start)..<Int(field.end)]), as: UTF8.self)
        }
    }

    /// The value of the first field named `name`, nil when the document has none.
    @inlinable public subscript(name: String) -> String? {
        for i in fields.indices where names[Int(fields[i].name)] == name { return value(at: i) }
        return nil
    }

    /// The value of the last field named `name` (the one a dictionary of the fields keeps), nil when
    /// the document has none.
    @inlinable public func lastValue(named name: String) -> String? {
        for i in fields.indices.reversed() where names[Int(fields[i].name)] == name { return value(at: i) }
        return nil
    }

    /// The length in UTF-8 bytes of the last field named `name` (0 exactly when its value is empty), nil
    /// when the document has none; no string is made.
    @inlinable public func lastValueByteCount(named name: String) -> Int? {
        for i in fields.indices.reversed() where names[Int(fields[i].name)] == name {
            return fields[i].name == 0 ? id.utf8.count : Int(fields[i].end - fields[i].start)
        }
        return nil
    }

    /// Every field as (name, value), in stored order.
    public var all: [(name: String, value: String)] { (0..<count).map { (name(at: $0), value(at: $0)) } }
}
