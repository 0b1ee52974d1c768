/// Turns a commit file of index format 2 to 8 (the same commit layout) into the same commit in format 1, byte for byte as Concord 1
/// wrote it, for tests of the automatic upgrade: the header loses its 16-byte identity, each segment entry
/// loses its identity, and the footer is format 1's `"DCNC" | crc32` (no file length).
///
/// Format 2 layout read here: `"CNCD" | nameLength:u8 | name | version:u32 | identity[16] | body |
/// "DCNC" | length:u64 | crc32:u32`, body `generation:u64 | next:u64 | settings:String | count:u32 |
/// (name:String | identity[16] | maxDoc:u32 | deleted:u32 | deletionGeneration:u64 | lengths:u64×3)×count
/// | userData | userFileCount:VInt | name:String × userFileCount`. Returns nil for bytes that do not have
/// that shape.
public enum FormatOneCommit {
    public static func downgrade(_ bytes: [UInt8]) -> [UInt8]? {
        guard bytes.count > 6, Array(bytes[0..<4]) == Array("CNCD".utf8) else { return nil }
        let nameLength = Int(bytes[4])
        let versionOffset = 5 + nameLength
        let bodyStart = versionOffset + 4 + 16
        let bodyEnd = bytes.count - 16
        guard bodyEnd > bodyStart, (2...8).contains(bytes[versionOffset]) else { return nil }
        var output = Array(bytes[0..<versionOffset]) + [1, 0, 0, 0]
        let body = Array(bytes[bodyStart..<bodyEnd])
        var offset = 16
        guard let settingsLength = readVInt(body, &offset) else { return nil }
        offset += settingsLength
        guard offset + 4 <= body.count else { return nil }
        let count = Int(body[offset]) | Int(body[offset + 1]) << 8 | Int(body[offset + 2]) << 16 | Int(body[offset + 3]) << 24
        offset += 4
        var converted = Array(body[0..<offset])
        for _ in 0..<count {
            let nameStart = offset
            guard let length = readVInt(body, &offset), offset + length + 16 + 40 <= body.count else { return nil }
            offset += length
            converted += body[nameStart..<offset]
            offset += 16  // the identity format 1 does not have
            converted += body[offset..<(offset + 40)]
            offset += 40
        }
        // The user data stays; the list of user files after it is format 2's only.
        let userDataStart = offset
        guard let userDataLength = readVInt(body, &offset), offset + userDataLength <= body.count else { return nil }
        offset += userDataLength
        converted += body[userDataStart..<offset]
        output += converted
        output += Array("DCNC".utf8)
        let crc = crc32(output)
        output += [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 24)]
        return output
    }

    /// The commit file `bytes` (of version 3 or later) labelled as written by format `version`, whose
    /// commit layout is the same (header version changed, CRC recomputed): its segments (written in the
    /// current format) do not matter, since an index of an older format is rebuilt, never opened.
    public static func label(_ bytes: [UInt8], asVersion version: UInt8) -> [UInt8]? {
        guard bytes.count > 21, Array(bytes[0..<4]) == Array("CNCD".utf8) else { return nil }
        let versionOffset = 5 + Int(bytes[4])
        guard versionOffset + 4 <= bytes.count - 16, (3...8).contains(bytes[versionOffset]) else { return nil }
        var output = bytes
        output[versionOffset] = version
        let crc = crc32(Array(output[0..<(output.count - 4)]))
        for i in 0..<4 { output[output.count - 4 + i] = UInt8(truncatingIfNeeded: crc >> UInt32(8 * i)) }
        return output
    }

    private static func readVInt(_ bytes: [UInt8], _ offset: inout Int) -> Int? {
        var value = 0, shift = 0
        while offset < bytes.count, shift < 63 {
            let byte = bytes[offset]
            offset += 1
            value |= Int(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }

    /// CRC-32 with zlib's polynomial, bit by bit (small inputs only).
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
