/// A 64-bit fingerprint of a file's bytes, for "did this file change?" checks: stable across runs,
/// processes and machines, and fast — it consumes eight bytes per step (about 8× FNV-1a's one), since
/// a corpus file can be tens of megabytes and is fingerprinted whenever it might have changed.
///
/// `h = seed ^ length`; per little-endian 64-bit word `w`: `h = rotl(h ^ (w · k1), 31) · k2`; the last
/// 0–7 bytes form one zero-padded word; finally the murmur3 avalanche (`h ^= h >> 33; h ·= k3; …`).
enum FileFingerprint {
    private static let k1: UInt64 = 0x9E37_79B9_7F4A_7C15
    private static let k2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private static let seed: UInt64 = 0x2545_F491_4F6C_DD1D

    static func of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { of($0) }
    }

    static func of(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var accumulator = Accumulator(length: raw.count)
        accumulator.combine(raw)
        return accumulator.value
    }

    /// The fingerprint computed piece by piece, for bytes read in chunks: the total `length` must be known up front
    /// (it is hashed first); `combine` the bytes in order, split anywhere, then take `value`.
    struct Accumulator {
        private var h: UInt64
        /// Bytes of an unfinished word (little-endian) and how many there are (0–7).
        private var partialWord: UInt64 = 0
        private var partialCount = 0

        init(length: Int) {
            h = seed ^ UInt64(truncatingIfNeeded: length)
        }

        @inline(__always)
        private static func mix(_ h: UInt64, _ word: UInt64) -> UInt64 {
            let x = h ^ (word &* k1)
            return (x << 31 | x >> 33) &* k2
        }

        mutating func combine(_ raw: UnsafeRawBufferPointer) {
            var index = 0
            if partialCount > 0 {
                while partialCount < 8 && index < raw.count {
                    partialWord |= UInt64(raw[index]) << UInt64(8 * partialCount)
                    partialCount += 1
                    index += 1
                }
                guard partialCount == 8 else { return }
                h = Accumulator.mix(h, partialWord)
                partialWord = 0
                partialCount = 0
            }
            let words = (raw.count - index) / 8
            var state = h
            for i in 0..<words {
                state = Accumulator.mix(state, UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index + i * 8,
                                                                                       as: UInt64.self)))
            }
            h = state
            index += words * 8
            while index < raw.count {
                partialWord |= UInt64(raw[index]) << UInt64(8 * partialCount)
                partialCount += 1
                index += 1
            }
        }

        /// The fingerprint: the last 0–7 bytes as one zero-padded word, then the avalanche.
        var value: UInt64 {
            var h = Accumulator.mix(self.h, partialWord)
            h ^= h >> 33
            h &*= 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 33
            h &*= 0xC4CE_B9FE_1A85_EC53
            h ^= h >> 33
            return h
        }
    }
}
