extension Document {
    /// Content-hash format version; it is hashed first so a future change of layout changes every hash.
    static let contentHashVersion: UInt8 = 1

    /// A stable 64-bit fingerprint of the document's content, for change detection.
    ///
    /// FNV-1a 64 over: a version byte, then `id`, `title`, `date?.iso`, `summary`, `body`, `language`, then the
    /// number of `extra` entries and each key and value in byte order of the keys. Every field is length-prefixed and
    /// optional fields carry a presence byte, so no two different contents can be confused by concatenation.
    /// `source` and `line` are deliberately left out: they say where the document is, not what it is, so a record
    /// that moves within its file keeps its hash. Identical across runs, processes and machines.
    public var contentHash: UInt64 {
        var hasher = FNV1a64()
        hasher.combine(byte: Document.contentHashVersion)
        hasher.combine(field: id)
        hasher.combine(field: title)
        hasher.combine(optionalField: date?.iso)
        hasher.combine(field: summary)
        hasher.combine(field: body)
        hasher.combine(optionalField: language)
        hasher.combine(field: String(extra.count))
        let keys = extra.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for key in keys {
            hasher.combine(field: key)
            hasher.combine(field: extra[key] ?? "")
        }
        return hasher.value
    }
}
