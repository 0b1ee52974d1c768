// The shared seeded generator, visible to every file of this test target.
@_exported import ConcordTestSupport
