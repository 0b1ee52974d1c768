import Testing
@testable import Concord

@Test func moduleLinks() { #expect(Bool(true)) }
