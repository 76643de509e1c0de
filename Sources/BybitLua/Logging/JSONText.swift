/// JSON text for log lines: strings escaped (control characters and the line and paragraph
/// separators as `\uXXXX`, so a line stays one line), decimals as strings (exact), floats
/// that JSON cannot hold (`nan`, `inf`) as strings.
enum JSONText {
    static func append(_ value: LogValue, to out: inout String) {
        switch value {
        case .text(let s), .decimal(let s), .opaque(let s): appendString(s, to: &out)
        case .integer(let i): out += String(i)
        case .number(let d) where d.isFinite: out += LogValue.luaNumberText(d)
        case .number(let d): appendString(LogValue.luaNumberText(d), to: &out)
        case .boolean(let b): out += b ? "true" : "false"
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                append(item, to: &out)
            }
            out += "]"
        case .record(let entries):
            out += "{"
            for (i, (k, v)) in entries.enumerated() {
                if i > 0 { out += "," }
                appendString(k, to: &out)
                out += ":"
                append(v, to: &out)
            }
            out += "}"
        }
    }

    static func appendString(_ s: String, to out: inout String) {
        out += "\""
        appendEscaped(s, to: &out)
        out += "\""
    }

    /// The escapes JSON and logfmt share; anything else is copied as it is (UTF-8).
    static func appendEscaped(_ s: String, to out: inout String) {
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _
            where c.value < 0x20 || c.value == 0x7f || (0x80...0x9f).contains(c.value) || c == "\u{2028}"
                || c == "\u{2029}":
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(c)
            }
        }
    }
}
