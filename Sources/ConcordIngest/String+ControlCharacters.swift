extension String {
    /// The string with every control character written visibly, so text from the corpus cannot drive a
    /// terminal (`ESC ] 0 ;` retitles the window, `ESC [ 2 J` clears it) or split a line of output:
    /// C0 controls and DEL become `\xHH` (`\n`, `\r`, `\t` for the common three), C1 controls `\u{HH}`.
    /// Everything else, including all printable Unicode, is unchanged.
    public var escapingControlCharacters: String {
        guard unicodeScalars.contains(where: Self.isControl) else { return self }
        var out = ""
        for scalar in unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                guard Self.isControl(scalar) else {
                    out.unicodeScalars.append(scalar)
                    continue
                }
                let hex = String(scalar.value, radix: 16, uppercase: true)
                let padded = (hex.count == 1 ? "0" : "") + hex
                out += scalar.value < 0x80 ? "\\x" + padded : "\\u{" + padded + "}"
            }
        }
        return out
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0)
    }
}
