import Foundation
import Testing
@testable import ConcordStorage

private func writeSample(_ directory: Directory, name: String = "sample.bin") throws -> [UInt8] {
    let writer = try FramedFileWriter(directory: directory, name: name, format: "concord.test", version: 2)
    try writer.write { $0.writeString("hello"); $0.writeVInt(300) }
    try writer.finish()
    return try #require((directory as? MemoryDirectory)?.contents(of: name))
}

@Test func framedFileRoundTrip() throws {
    let directory = MemoryDirectory()
    _ = try writeSample(directory)
    let file = try FramedFile(directory: directory, name: "sample.bin", format: "concord.test", versions: 1...2)
    #expect(file.version == 2)
    var reader = file.reader()
    #expect(try reader.readString() == "hello")
    #expect(try reader.readVInt() == 300)
    #expect(reader.isAtEnd)
}

@Test func framedFileRejectsWrongFormatVersionAndDamage() throws {
    let directory = MemoryDirectory()
    let bytes = try writeSample(directory)
    #expect(throws: StorageError.self) { _ = try FramedFile(directory: directory, name: "sample.bin", format: "concord.other", versions: 1...2) }
    #expect(throws: StorageError.self) { _ = try FramedFile(directory: directory, name: "sample.bin", format: "concord.test", versions: 1...1) }
    for offset in bytes.indices {
        var damaged = bytes
        damaged[offset] ^= 0x01
        directory.overwrite("sample.bin", with: damaged)
        #expect(throws: StorageError.self, "bit flip at \(offset)") {
            _ = try FramedFile(directory: directory, name: "sample.bin", format: "concord.test", versions: 1...2)
        }
    }
    for length in 0..<bytes.count {
        directory.overwrite("sample.bin", with: Array(bytes.prefix(length)))
        #expect(throws: StorageError.self, "truncated to \(length)") {
            _ = try FramedFile(directory: directory, name: "sample.bin", format: "concord.test", versions: 1...2)
        }
    }
}

// MARK: - Durability model of the test double

@Test func powerLossKeepsOnlySyncedState() throws {
    let directory = MemoryDirectory()
    let durable = try directory.createOutput("durable")
    try durable.write([1, 2, 3])
    try directory.sync(["durable"])
    try directory.syncDirectory()
    try durable.write([4])                       // written after the sync: lost
    let fresh = try directory.createOutput("fresh")
    try fresh.write([9])
    try directory.sync(["fresh"])               // synced, but its directory entry never was
    directory.simulatePowerLoss()
    #expect(directory.contents(of: "durable") == [1, 2, 3])
    #expect(directory.fileExists("fresh") == false)
}

@Test func armedFaultsFireOnTheNthOperation() throws {
    let directory = MemoryDirectory()
    directory.armFault(.write, after: 2)
    let output = try directory.createOutput("f")
    try output.write([1])
    #expect(throws: StorageError.injectedFault(file: "f", operation: "write")) { try output.write([2]) }
    try output.write([3])                        // a fault fires once
    #expect(directory.contents(of: "f") == [1, 3])
}

// MARK: - The file system directory

@Test func fileSystemDirectoryWritesRenamesAndLocks() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("concord-fs-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let directory = try FileSystemDirectory(path: path + "/nested/index", create: true)
    let writer = try FramedFileWriter(directory: directory, name: "a.tmp", format: "concord.test", version: 1)
    try writer.write { $0.writeString("on disk") }
    try writer.finish()
    try directory.rename("a.tmp", to: "a")
    try directory.syncDirectory()
    #expect(try directory.listFiles() == ["a"])
    var reader = try FramedFile(directory: directory, name: "a", format: "concord.test", versions: 1...1).reader()
    #expect(try reader.readString() == "on disk")
    #expect(throws: StorageError.notFound(file: "missing")) { _ = try directory.openInput("missing") }

    let lock = try directory.obtainWriteLock(wait: false)
    let other = try FileSystemDirectory(path: path + "/nested/index")
    #expect(throws: StorageError.locked(path: other.path)) { _ = try other.obtainWriteLock(wait: false) }
    lock.release()
    let again = try other.obtainWriteLock(wait: false)
    again.release()
}

/// Files on disk are checked on open from copies of their first and last bytes (read without touching
/// the mapping): the copies equal the mapped bytes for files shorter and longer than them, and header
/// or footer damage on disk is refused without the checksum, while a damaged body byte is left to it.
@Test func fileSystemDirectoryChecksHeaderAndFooterFromCopies() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("concord-fs-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let directory = try FileSystemDirectory(path: path, create: true)
    func write(_ name: String, _ bytes: [UInt8]) throws {
        let output = try directory.createOutput(name)
        try output.write(bytes)
        try output.close()
    }
    for length in [1, 15, 16, 17, 319, 320, 321, 5000, 70_000] {
        let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }
        try write("raw\(length)", bytes)
        let file = try directory.openInput("raw\(length)")
        withExtendedLifetime(file) {
            #expect(Array(file.bytes) == bytes)
            #expect(Array(file.head) == Array(bytes.prefix(ReadableFile.headLength)), "head of \(length) bytes")
            #expect(Array(file.tail) == Array(bytes.suffix(ReadableFile.tailLength)), "tail of \(length) bytes")
        }
    }
    let writer = try FramedFileWriter(directory: directory, name: "framed", format: "concord.test", version: 2)
    try writer.write { $0.writeBytes([UInt8](repeating: 0x5A, count: 9000)) }
    try writer.finish()
    let mapped = try directory.openInput("framed")
    let original = withExtendedLifetime(mapped) { Array(mapped.bytes) }
    func opens(_ bytes: [UInt8]) throws -> Bool {
        try write("framed", bytes)
        return (try? FramedFile(directory: directory, name: "framed", format: "concord.test", versions: 1...2,
                                verifyChecksum: false)) != nil
    }
    #expect(try opens(original))
    for offset in [0, 3, 5, 17, 20, original.count - 16, original.count - 12, original.count - 9] {
        var damaged = original
        damaged[offset] ^= 0x01
        #expect(try !opens(damaged), "header or footer damage at \(offset)")
    }
    var body = original
    body[4000] ^= 0x01
    #expect(try opens(body), "a body byte is the checksum's to catch")
    #expect(try !opens(Array(original.dropLast())), "truncated")
}
