import ConcordStorage
import Testing

/// Magicless zstd frames (stored-field chunks, index format 7): they leave out the 4-byte magic number,
/// record their content size, decompress with and without a dictionary, and damage fails cleanly.
struct MagiclessFrameTests {
    static let text = Array((0..<120).map { "record \($0): a ferry timetable for the northern islands; " }.joined().utf8)
    static let zstdMagic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    static func dictionary() throws -> [UInt8] {
        var samples: [UInt8] = []
        var sizes: [Int] = []
        for k in 0..<400 {
            let sample = Array("entry \(k) sails at \(k % 24):\(k % 60) from the harbour to island \(k % 17), weather permitting. ".utf8)
            samples += sample
            sizes.append(sample.count)
        }
        return try #require(Compression.trainDictionary(samples: samples, sampleSizes: sizes, capacity: 4096))
    }

    @Test func roundTripWithoutTheMagicNumberAndWithTheContentSize() throws {
        let dictionary = try Self.dictionary()
        let compressors = [Compression.Compressor(level: 3, format: .magicless),
                           try Compression.Compressor(level: 3, dictionary: dictionary, format: .magicless)]
        let digested = try dictionary.withUnsafeBytes { try Compression.DecompressionDictionary($0, file: "x.sto") }
        for (k, compressor) in compressors.enumerated() {
            let frame = try Self.text.withUnsafeBytes { try compressor.compress($0) }
            let standard = try Self.text.withUnsafeBytes {
                try (k == 0 ? Compression.Compressor(level: 3) : Compression.Compressor(level: 3, dictionary: dictionary)).compress($0)
            }
            #expect(Array(standard.prefix(4)) == Self.zstdMagic)
            #expect(Array(frame.prefix(4)) != Self.zstdMagic)
            #expect(frame.count == standard.count - 4, "the same frame less its magic number")
            let size = try frame.withUnsafeBytes { try Compression.Decompressor.magiclessContentSize($0, limit: 1 << 20, file: "x.sto") }
            #expect(size == Self.text.count)
            var out = [UInt8](repeating: 0, count: size)
            try frame.withUnsafeBytes {
                try Compression.Decompressor(format: .magicless).decompress($0, into: &out, dictionary: k == 0 ? nil : digested, file: "x.sto")
            }
            #expect(out == Self.text)
            // A standard decompressor does not take a magicless frame.
            #expect(throws: StorageError.self) {
                try frame.withUnsafeBytes { try Compression.Decompressor().decompress($0, into: &out, dictionary: k == 0 ? nil : digested, file: "x.sto") }
            }
        }
    }

    @Test func damagedFramesFailCleanlyNamingTheFile() throws {
        let frame = try Self.text.withUnsafeBytes { try Compression.Compressor(level: 3, format: .magicless).compress($0) }
        let decompressor = Compression.Decompressor(format: .magicless)
        // A size above the limit is refused before anything is allocated for it.
        #expect(throws: StorageError.corrupt(file: "x.sto", reason: "a compressed block claims \(Self.text.count) bytes, more than 100")) {
            _ = try frame.withUnsafeBytes { try Compression.Decompressor.magiclessContentSize($0, limit: 100, file: "x.sto") }
        }
        // A header cut short, or an empty frame, has no size.
        for cut in [0, 1] {
            #expect(throws: StorageError.self) {
                _ = try Array(frame.prefix(cut)).withUnsafeBytes { try Compression.Decompressor.magiclessContentSize($0, limit: 1 << 20, file: "x.sto") }
            }
        }
        // Every single-byte flip either fails with an error naming the file or, where the size field
        // still parses, decompresses to exactly the size asked for (zstd checks it) or fails.
        for at in 0..<frame.count {
            var damaged = frame
            damaged[at] ^= 0xA5
            do {
                let size = try damaged.withUnsafeBytes { try Compression.Decompressor.magiclessContentSize($0, limit: 1 << 20, file: "x.sto") }
                var out = [UInt8](repeating: 0, count: size)
                try damaged.withUnsafeBytes { try decompressor.decompress($0, into: &out, file: "x.sto") }
                #expect(at > 2, "damage to the frame header at \(at) went unnoticed")
            } catch let error as StorageError {
                #expect("\(error)".contains("x.sto"))
            }
        }
        // A frame whose recorded size is one off decompresses to an error, not a short or long result.
        var out = [UInt8](repeating: 0, count: Self.text.count + 1)
        #expect(throws: StorageError.self) { try frame.withUnsafeBytes { try decompressor.decompress($0, into: &out, file: "x.sto") } }
    }
}
