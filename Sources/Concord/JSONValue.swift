/// A JSON value with ordered object keys and doubles printed at full precision (shortest text that
/// reads back to the same `Double`), for stable, lossless machine output.
///
/// The same value always prints the same bytes, so the CLI's `--format json` and the server's `/api/`
/// answers, which both print through it, are byte-identical for equal responses.
public indirect enum JSONValue: Sendable {
    case string(String)
    case int(Int)
    case double(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    /// Compact JSON text (no spaces, no trailing newline).
    public var text: String {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact JSON text to `out`.
    public func write(to out: inout String) { out += text }

    /// Appends the compact JSON text's UTF-8 bytes to `out`.
    public func write(to out: inout [UInt8]) {
        switch self {
        case let .string(s): Self.writeString(s, to: &out)
        case let .int(i): out.append(contentsOf: String(i).utf8)
        case let .double(d): out.append(contentsOf: (d.isFinite ? "\(d)" : "null").utf8)
        case let .bool(b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        case let .array(items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                item.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            out.append(UInt8(ascii: "{"))
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.writeString(key, to: &out)
                out.append(UInt8(ascii: ":"))
                value.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `s` quoted, with `"`, backslash and control characters escaped. Escaping looks only at ASCII bytes (every
    /// byte of a multi-byte UTF-8 sequence is 0x80 or more), so runs without any are copied whole.
    private static func writeString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.makeContiguousUTF8()
        out.append(UInt8(ascii: "\""))
        s.utf8.withContiguousStorageIfAvailable { bytes in
            var start = 0
            for (i, byte) in bytes.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                start = i + 1
                switch byte {
                case 0x22: out.append(contentsOf: #"\""#.utf8)
                case 0x5C: out.append(contentsOf: #"\\"#.utf8)
                case 0x0A: out.append(contentsOf: #"\n"#.utf8)
                case 0x0D: out.append(contentsOf: #"\r"#.utf8)
                case 0x09: out.append(contentsOf: #"\t"#.utf8)
                default:
                    let hex = String(byte, radix: 16)
                    out.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(UInt8(ascii: "\""))
    }
}
