/// Text made safe for HTML, with chosen ranges wrapped in `<mark>`.
enum HTMLText {
    /// Escapes `&`, `<`, `>`, `"` and `'`, so corpus or query text can never become markup.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `text` escaped, each range (`[start, end)` in Unicode scalars, ascending, not overlapping) wrapped
    /// in `<mark>`. Ranges out of order or out of bounds are skipped.
    static func marked(_ text: String, ranges: [[Int]]) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = ""
        var cursor = 0
        func plain(_ from: Int, _ to: Int) -> String {
            escape(String(String.UnicodeScalarView(scalars[from..<to])))
        }
        for range in ranges where range.count == 2 && range[0] >= cursor && range[0] < range[1] && range[1] <= scalars.count {
            out += plain(cursor, range[0])
            out += "<mark>" + plain(range[0], range[1]) + "</mark>"
            cursor = range[1]
        }
        out += plain(cursor, scalars.count)
        return out
    }
}
