/// A file name's bytes as text: valid UTF-8 as it is, each byte of an invalid sequence as `\xHH`.
enum FileName {
    /// The name as text and whether its bytes were valid UTF-8.
    static func text(of bytes: [UInt8]) -> (text: String, isValidUTF8: Bool) {
        if let valid = String(validating: bytes, as: UTF8.self) { return (valid, true) }
        var text = ""
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead < 0xE0 ? 2 : lead >= 0xE0 && lead < 0xF0 ? 3
                : lead >= 0xF0 && lead < 0xF5 ? 4 : 0
            if length > 0, index + length <= bytes.count,
               let scalar = String(validating: bytes[index..<(index + length)], as: UTF8.self) {
                text += scalar
                index += length
            } else {
                let hex = String(lead, radix: 16, uppercase: true)
                text += "\\x" + (hex.count == 1 ? "0" : "") + hex
                index += 1
            }
        }
        return (text, false)
    }
}
