import Testing
@testable import ConcordIngest

@Test func moduleLinks() { #expect(Bool(true)) }
