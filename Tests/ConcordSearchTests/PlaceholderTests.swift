import Testing
@testable import ConcordSearch

@Test func moduleLinks() { #expect(Bool(true)) }
