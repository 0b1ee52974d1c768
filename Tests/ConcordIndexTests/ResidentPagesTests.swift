import Foundation
import Testing
@testable import ConcordIndex
import ConcordStorage

/// A merge gives back the resident pages of its mapped inputs as it goes: the bytes must read the same
/// afterwards (they come back from the page cache), checksums included.
@Test func droppedPagesReadTheSameBytes() throws {
    let path = NSTemporaryDirectory() + "concord-resident-\(UInt64.random(in: 0...UInt64.max))"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let directory = try FileSystemDirectory(path: path)
    var rng = SeededGenerator(seed: 5)
    let payload = (0..<(3 << 20)).map { _ in UInt8.random(in: 0...255, using: &rng) }
    try FramedFileWriter.writeFile(directory: directory, name: "sample.bin", format: "concord.test", version: 1) {
        $0.writeBytes(payload)
    }
    let file = try FramedFile(directory: directory, name: "sample.bin", format: "concord.test", versions: 1...1,
                              verifyChecksum: true)
    #expect(Array(file.body) == payload)
    file.file.dropResidentPages()
    #expect(Array(file.body) == payload)
    try file.verifyChecksum()
    file.file.dropResidentPages()
    try file.verifyChecksum()
}
