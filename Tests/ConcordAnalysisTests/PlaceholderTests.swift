import Testing
@testable import ConcordAnalysis

@Test func moduleLinks() { #expect(Bool(true)) }
