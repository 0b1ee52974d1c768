extension IndexStatistics {
    /// The shape of `concord stats --format json` and the server's `/api/stats`.
    public var jsonObject: JSONValue {
        .object([
            ("documents", .int(documents)),
            ("terms", .int(terms)),
            ("segments", .int(segments)),
            ("bytes", .int(bytes)),
            ("deletedDocuments", .int(deletedDocuments)),
            ("commit", .int(commitGeneration)),
            ("language", .string(language)),
            ("averageFieldLengths", .object(["title", "summary", "body"].map { ($0, .double(averageFieldLengths[$0] ?? 0)) })),
        ])
    }
}
