import Foundation
import Testing
@testable import ConcordStorage

// MARK: - Varints and fixed-width integers

@Test(arguments: [UInt64(0), 1, 127, 128, 255, 16_383, 16_384, 1 << 32, UInt64.max])
func varintRoundTrip(value: UInt64) throws {
    var writer = ByteWriter()
    writer.writeVInt(value)
    let expectedLength = value == 0 ? 1 : (64 - value.leadingZeroBitCount + 6) / 7
    #expect(writer.count == expectedLength)
    try reading(writer.bytes) { (reader: inout ByteReader) throws in
        #expect(try reader.readVInt() == value)
        #expect(reader.isAtEnd)
    }
}

@Test func mixedValuesRoundTrip() throws {
    var writer = ByteWriter()
    writer.writeU8(7)
    writer.writeU16(0xBEEF)
    writer.writeU32(0xDEAD_BEEF)
    writer.writeU64(0x0123_4567_89AB_CDEF)
    writer.writeDouble(-2.5)
    writer.writeString("Pétain — 停战 🕊")
    try reading(writer.bytes) { (reader: inout ByteReader) throws in
        #expect(try reader.readU8() == 7)
        #expect(try reader.readU16() == 0xBEEF)
        #expect(try reader.readU32() == 0xDEAD_BEEF)
        #expect(try reader.readU64() == 0x0123_4567_89AB_CDEF)
        #expect(try reader.readDouble() == -2.5)
        #expect(try reader.readString() == "Pétain — 停战 🕊")
    }
}

// MARK: - Malformed input gives errors, never traps

@Test func truncatedAndOverlongInputThrow() throws {
    let varints: [[UInt8]] = [
        [],                                   // nothing to read
        [0x80],                               // varint without its last byte
        Array(repeating: 0xFF, count: 11),    // varint longer than 64 bits
    ]
    let strings: [[UInt8]] = [
        [0x05, 0x41],                         // string of 5 bytes, 1 present
        [0x02, 0xC3, 0x28],                   // invalid UTF-8
    ]
    for bytes in varints {
        #expect(throws: StorageError.self, "\(bytes)") { try reading(bytes) { _ = try $0.readVInt() } }
    }
    for bytes in strings {
        #expect(throws: StorageError.self, "\(bytes)") { try reading(bytes) { _ = try $0.readString() } }
    }
    [UInt8(1), 2, 3].withUnsafeBytes { raw in
        var reader = ByteReader(raw, file: "short.bin")
        #expect(throws: StorageError.self) { _ = try reader.readU32() }
        #expect(throws: StorageError.self) { try reader.skip(4) }
        #expect(throws: StorageError.self) { _ = try reader.readVInt(max: 0) }
    }
    // A limit worked out from damaged offsets can be negative (a length ran a few bytes past the region
    // it bounds): reading against it throws instead of trapping on the conversion.
    [UInt8(0), 0].withUnsafeBytes { raw in
        var reader = ByteReader(raw, file: "short.bin")
        #expect(throws: StorageError.self) { _ = try reader.readVInt(max: -3) }
        #expect((try? reader.readVInt(max: 0)) == 0)
    }
}

// MARK: - Compression

@Test func compressionRoundTripAndCorruption() throws {
    let text = Array(String(repeating: "armistice talks at Panmunjom; ", count: 200).utf8)
    let compressed = try text.withUnsafeBytes { try Compression.compress($0) }
    #expect(compressed.count < text.count / 4)
    let restored = try compressed.withUnsafeBytes { try Compression.decompress($0, expectedSize: text.count, file: "x.sto") }
    #expect(restored == text)
    #expect(throws: StorageError.self) {
        _ = try compressed.withUnsafeBytes { try Compression.decompress($0, expectedSize: text.count + 1, file: "x.sto") }
    }
    var damaged = compressed
    damaged[damaged.count / 2] ^= 0xFF
    damaged.removeLast(3)
    #expect(throws: StorageError.self) {
        _ = try damaged.withUnsafeBytes { try Compression.decompress($0, expectedSize: text.count, file: "x.sto") }
    }
}

@Test func checksumMatchesTheStandardCRC32() {
    // The CRC-32 of "123456789" is the published check value 0xCBF43926.
    let value = Array("123456789".utf8).withUnsafeBytes { Checksum.of($0) }
    #expect(value == 0xCBF4_3926)
}

/// Runs `body` with a reader over `bytes`.
func reading(_ bytes: [UInt8], _ body: (inout ByteReader) throws -> Void) throws {
    try bytes.withUnsafeBytes { (raw: UnsafeRawBufferPointer) throws in
        var reader = ByteReader(raw, file: "t")
        try body(&reader)
    }
}
