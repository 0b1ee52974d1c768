import Foundation

/// A fast reader for the common corpus line: one JSON object whose members are all strings or `null`.
///
/// `parse` gives exactly the dictionary `JSONSerialization` gives for such a line (strings with their escapes
/// decoded, `NSNull` for `null`), several times faster; for anything else — a number, boolean, array or nested
/// object, a duplicate key, a surrogate escape, a control character, any syntax error — it gives `nil` and
/// the caller asks `JSONSerialization`, which decides (and words the error) as always.
enum FlatJSONObject {
    static func parse(_ text: String) -> [String: Any]? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> [String: Any]? {
        var reader = Reader(bytes: bytes)
        reader.skipWhitespace()
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        var object: [String: Any] = [:]
        reader.skipWhitespace()
        if !reader.take(UInt8(ascii: "}")) {
            while true {
                reader.skipWhitespace()
                guard let key = reader.string() else { return nil }
                reader.skipWhitespace()
                guard reader.take(UInt8(ascii: ":")) else { return nil }
                reader.skipWhitespace()
                let value: Any
                if reader.startsString {
                    // A string that does not read (a bad escape, a control character) is an error, never
                    // a cue to try what follows as another value.
                    guard let text = reader.string() else { return nil }
                    value = text
                } else if reader.takeNull() {
                    value = NSNull()
                } else {
                    return nil
                }
                guard object.updateValue(value, forKey: key) == nil else { return nil }   // duplicate key
                reader.skipWhitespace()
                if reader.take(UInt8(ascii: ",")) { continue }
                guard reader.take(UInt8(ascii: "}")) else { return nil }
                break
            }
        }
        reader.skipWhitespace()
        return reader.isAtEnd ? object : nil
    }

    /// The members of a flat object of strings and nulls whose keys are all among `keys` (each at most once),
    /// by key index: the string, or nil for `null` or a key not in the line. Nil when `parse` would give nil,
    /// or the line has another key: the caller then takes `parse`'s dictionary (or `JSONSerialization`'s).
    /// Makes no dictionary, no `Any` and no `NSNull` for the common corpus line.
    static func parseKnown(_ text: String, keys: [String]) -> [String?]? {
        var text = text
        return text.withUTF8 { parseKnown(bytes: $0, keys: keys) }
    }

    static func parseKnown(bytes: UnsafeBufferPointer<UInt8>, keys: [String]) -> [String?]? {
        var reader = Reader(bytes: bytes)
        var values = [String?](repeating: nil, count: keys.count)
        var seen = [Bool](repeating: false, count: keys.count)
        reader.skipWhitespace()
        guard reader.take(UInt8(ascii: "{")) else { return nil }
        reader.skipWhitespace()
        if !reader.take(UInt8(ascii: "}")) {
            while true {
                reader.skipWhitespace()
                guard let key = reader.string(), let k = keys.firstIndex(of: key), !seen[k] else { return nil }
                seen[k] = true
                reader.skipWhitespace()
                guard reader.take(UInt8(ascii: ":")) else { return nil }
                reader.skipWhitespace()
                if reader.startsString {
                    guard let text = reader.string() else { return nil }
                    values[k] = text
                } else if !reader.takeNull() {
                    return nil
                }
                reader.skipWhitespace()
                if reader.take(UInt8(ascii: ",")) { continue }
                guard reader.take(UInt8(ascii: "}")) else { return nil }
                break
            }
        }
        reader.skipWhitespace()
        return reader.isAtEnd ? values : nil
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var offset = 0
        /// Decoded bytes of a string with escapes (kept between strings).
        var scratch: [UInt8] = []

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        var isAtEnd: Bool { offset == bytes.count }

        /// Whether the next byte opens a string.
        var startsString: Bool { offset < bytes.count && bytes[offset] == UInt8(ascii: "\"") }

        mutating func skipWhitespace() {
            while offset < bytes.count {
                switch bytes[offset] {
                case 0x20, 0x09, 0x0A, 0x0D: offset += 1
                default: return
                }
            }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            guard offset < bytes.count, bytes[offset] == byte else { return false }
            offset += 1
            return true
        }

        mutating func takeNull() -> Bool {
            guard bytes.count - offset >= 4, bytes[offset] == UInt8(ascii: "n"), bytes[offset + 1] == UInt8(ascii: "u"),
                  bytes[offset + 2] == UInt8(ascii: "l"), bytes[offset + 3] == UInt8(ascii: "l") else { return false }
            offset += 4
            return true
        }

        /// A string at the cursor, its escapes decoded; nil (cursor anywhere) when there is none or it is one
        /// this reader leaves to `JSONSerialization`.
        mutating func string() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = offset
            skipPlainBytes()
            // The common case: no escape; the bytes are taken as they are (the line is valid UTF-8).
            while offset < bytes.count {
                let byte = bytes[offset]
                if byte == UInt8(ascii: "\"") {
                    defer { offset += 1 }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<offset]), as: UTF8.self)
                }
                if byte == UInt8(ascii: "\\") { break }
                if byte < 0x20 { return nil }
                offset += 1
            }
            guard offset < bytes.count else { return nil }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<offset]))
            while offset < bytes.count {
                let byte = bytes[offset]
                offset += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return String(decoding: scratch, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard offset < bytes.count else { return nil }
                    let escaped = bytes[offset]
                    offset += 1
                    switch escaped {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(escaped)
                    case UInt8(ascii: "b"): scratch.append(0x08)
                    case UInt8(ascii: "f"): scratch.append(0x0C)
                    case UInt8(ascii: "n"): scratch.append(0x0A)
                    case UInt8(ascii: "r"): scratch.append(0x0D)
                    case UInt8(ascii: "t"): scratch.append(0x09)
                    case UInt8(ascii: "u"):
                        guard let code = hex4(), !(0xD800...0xDFFF).contains(code),
                              let scalar = Unicode.Scalar(code) else { return nil }
                        UTF8.encode(scalar) { scratch.append($0) }
                    default: return nil
                    }
                case 0..<0x20:
                    return nil
                default:
                    scratch.append(byte)
                }
            }
            return nil
        }

        /// Moves the cursor past bytes that are none of `"`, `\` or a control character (below 0x20), eight at
        /// a time: it stops at the start of the first eight that hold one (or fewer than eight remain), so
        /// the byte-by-byte scan after it finds the same byte as from the start.
        @inline(__always)
        mutating func skipPlainBytes() {
            guard let base = bytes.baseAddress else { return }
            let raw = UnsafeRawPointer(base)
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while bytes.count - offset >= 8 {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
                // A byte's high bit is set where it is zero (after the XOR) or below 0x20: for any such byte,
                // some bit is set (exact for "any", which is all this asks).
                let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
                if special & highs != 0 { return }
                offset += 8
            }
        }

        /// Four hex digits at the cursor.
        mutating func hex4() -> UInt32? {
            guard bytes.count - offset >= 4 else { return nil }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let byte = bytes[offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
                offset += 1
            }
            return value
        }
    }
}
