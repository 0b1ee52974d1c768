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
        do {
            var h = seed ^ UInt64(raw.count)
            let words = raw.count / 8
            for i in 0..<words {
                let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                h = ((h ^ (w &* k1)) << 31 | (h ^ (w &* k1)) >> 33) &* k2
            }
            var tail: UInt64 = 0
            for (shift, index) in (words * 8..<raw.count).enumerated() {
                tail |= UInt64(raw[index]) << UInt64(8 * shift)
            }
            h = ((h ^ (tail &* k1)) << 31 | (h ^ (tail &* k1)) >> 33) &* k2
            h ^= h >> 33
            h &*= 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 33
            h &*= 0xC4CE_B9FE_1A85_EC53
            h ^= h >> 33
            return h
        }
    }
}
