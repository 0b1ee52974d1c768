import Foundation

extension ListingParser {
    /// Longest slug kept; words beyond it are dropped at a word boundary.
    static let maximumSlugLength = 60

    /// Letters that do not decompose into an ASCII letter plus marks, spelled out in ASCII.
    static let asciiSpellings: [Unicode.Scalar: String] = [
        "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d",
        "ð": "d", "Ð": "d", "þ": "th", "Þ": "th", "ł": "l", "Ł": "l", "ı": "i",
    ]

    /// A short ASCII name for a title: lowercase words of ASCII letters and digits joined by `-`.
    ///
    /// Accents are removed (`Mongolian Record – Zhou Enlai’s visit` → `mongolian-record-zhou-enlais-visit`);
    /// apostrophes join rather than split words; any other character separates words. Whole words are kept up to
    /// `maximumSlugLength` characters (a single longer first word is cut). A title with no ASCII-foldable letters
    /// (e.g. all Chinese) gets `x` followed by the 16 hex digits of its FNV-1a 64 hash, which is just as stable.
    static func slug(_ title: String) -> String {
        var words: [String] = []
        var word = ""
        for scalar in title.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: scalar).lowercasedASCII))
            } else if let spelled = asciiSpellings[scalar] {
                word += spelled
            } else if isJoiner(scalar) {
                continue
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }

        guard let first = words.first else {
            let hash = FNV1a64.hash(bytes: title.utf8)
            let hex = String(hash, radix: 16)
            return "x" + String(repeating: "0", count: 16 - hex.count) + hex
        }
        var slug = String(first.prefix(maximumSlugLength))
        for next in words.dropFirst() {
            guard slug.count + 1 + next.count <= maximumSlugLength else { break }
            slug += "-" + next
        }
        return slug
    }

    /// Combining marks (left over from decomposition) and apostrophes do not end a word.
    private static func isJoiner(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return scalar == "'" || scalar == "\u{2019}"
        }
    }
}

private extension UInt8 {
    init(ascii scalar: Unicode.Scalar) {
        self = UInt8(truncatingIfNeeded: scalar.value)
    }

    var lowercasedASCII: UInt8 {
        (0x41...0x5A).contains(self) ? self + 0x20 : self
    }
}
