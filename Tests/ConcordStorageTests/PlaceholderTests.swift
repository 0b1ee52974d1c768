import Testing
@testable import ConcordStorage

@Test func moduleLinks() { #expect(Bool(true)) }
