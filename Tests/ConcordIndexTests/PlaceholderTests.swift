import Testing
@testable import ConcordIndex

@Test func moduleLinks() { #expect(Bool(true)) }
