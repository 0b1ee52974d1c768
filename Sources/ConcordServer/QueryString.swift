import Foundation

/// The parameters of a URL's query string (`a=1&b=x+y&facet=year&facet=decade`): form encoding, so `+`
/// is a space and `%XX` a byte of UTF-8. Keys may repeat; order is kept.
struct QueryString: Sendable {
    private(set) var pairs: [(key: String, value: String)] = []

    /// Nil when a key or value is not valid percent-encoded UTF-8.
    init?(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = Self.decode(halves[0]) else { return nil }
            let value = halves.count > 1 ? Self.decode(halves[1]) : ""
            guard let value else { return nil }
            pairs.append((key, value))
        }
    }

    init(pairs: [(key: String, value: String)]) { self.pairs = pairs }

    /// The first value of `key` (nil when absent).
    subscript(key: String) -> String? { pairs.first { $0.key == key }?.value }

    /// Every value of `key`, in order.
    func all(_ key: String) -> [String] { pairs.filter { $0.key == key }.map(\.value) }

    /// Form-encoded text (`q=armistice+talks&page=2`), without the leading `?`.
    var encoded: String {
        pairs.map { Self.encode($0.key) + "=" + Self.encode($0.value) }.joined(separator: "&")
    }

    private static func decode(_ text: Substring) -> String? {
        String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Unreserved characters stay; a space becomes `+`; everything else is `%XX` per UTF-8 byte.
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
