/// One line of the config file, read left to right: keys, table names and strings as
/// TOML 1.0 defines them (ConfigTOML.swift says which parts of TOML are used).
struct ConfigLineReader {
    var scalars: [Unicode.Scalar]
    let number: Int
    let path: String
    private var i = 0

    init(_ scalars: [Unicode.Scalar], number: Int, path: String) {
        self.scalars = scalars
        self.number = number
        self.path = path
    }

    var atEnd: Bool { i >= scalars.count }
    var peek: Unicode.Scalar? { atEnd ? nil : scalars[i] }

    func fail(_ why: String) -> ConfigFile.Failure { ConfigFile.Failure(description: "\(path):\(number): \(why)") }

    mutating func skipSpace() { while peek == " " || peek == "\t" { i += 1 } }

    mutating func take(_ s: Unicode.Scalar) -> Bool {
        guard peek == s else { return false }
        i += 1
        return true
    }

    private func startsWith(_ s: String) -> Bool { scalars[i...].starts(with: s.unicodeScalars) }

    /// Nothing but spaces and a comment may follow.
    mutating func expectEnd() throws(ConfigFile.Failure) {
        skipSpace()
        guard !atEnd else { return }
        guard peek == "#" else {
            throw fail("unexpected text after the value: '\(String(String.UnicodeScalarView(scalars[i...])))'")
        }
        if scalars[i...].contains(where: Self.isControl) { throw fail("a control character in a comment") }
        i = scalars.count
    }

    /// `[profile.NAME]`, spaces around the dots and quoted keys allowed, as in TOML.
    mutating func tableHeader() throws(ConfigFile.Failure) -> String {
        i += 1
        if peek == "[" { throw fail("arrays of tables ([[…]]) are not used here; expected [profile.NAME]") }
        var parts: [String] = []
        repeat {
            skipSpace()
            parts.append(try key())
            skipSpace()
        } while take(".")
        guard take("]") else { throw fail("expected ']' to close the table name") }
        try expectEnd()
        guard parts.count == 2, parts[0] == "profile" else { throw fail("expected a [profile.NAME] table") }
        let name = parts[1]
        guard !name.isEmpty,
            name.unicodeScalars.allSatisfy({
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-"
            })
        else {
            throw fail("profile names use letters, digits, '_' and '-'")
        }
        return name
    }

    /// A bare key (`A-Za-z0-9_-`), or a quoted one.
    mutating func key() throws(ConfigFile.Failure) -> String {
        if peek == "\"" { return try basicString() }
        if peek == "'" { return try literalString() }
        let start = i
        while let c = peek, c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "-" {
            i += 1
        }
        guard i > start else { throw fail("expected a key, or a [profile.NAME] table") }
        return String(String.UnicodeScalarView(scalars[start..<i]))
    }

    mutating func stringValue(for key: String) throws(ConfigFile.Failure) -> String {
        switch peek {
        case "\"": return try basicString()
        case "'": return try literalString()
        default: throw fail("the value of '\(key)' must be a quoted string (\"…\" or '…')")
        }
    }

    /// `"…"` with TOML's escapes: `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`.
    mutating func basicString() throws(ConfigFile.Failure) -> String {
        if startsWith("\"\"\"") { throw fail("multi-line strings (\"\"\") are not used here") }
        i += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek else { throw fail("a string is not closed with '\"'") }
            i += 1
            switch c {
            case "\"": return String(out)
            case "\\": out.append(try escape())
            default:
                if Self.isControl(c) {
                    throw fail("a control character in a string; write it as an escape such as \\t or \\u0001")
                }
                out.append(c)
            }
        }
    }

    private mutating func escape() throws(ConfigFile.Failure) -> Unicode.Scalar {
        guard let c = peek else { throw fail("a string is not closed with '\"'") }
        i += 1
        switch c {
        case "b": return "\u{08}"
        case "t": return "\t"
        case "n": return "\n"
        case "f": return "\u{0C}"
        case "r": return "\r"
        case "\"": return "\""
        case "\\": return "\\"
        case "u", "U":
            let count = c == "u" ? 4 : 8
            guard i + count <= scalars.count,
                let value = UInt32(String(String.UnicodeScalarView(scalars[i..<(i + count)])), radix: 16),
                scalars[i..<(i + count)].allSatisfy(\.properties.isASCIIHexDigit),
                let scalar = Unicode.Scalar(value)
            else { throw fail("\\\(c) needs \(count) hex digits naming a Unicode scalar value") }
            i += count
            return scalar
        default:
            throw fail(
                "'\\\(c)' is not a TOML escape (\\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX); for a backslash write \\\\ or use a 'literal string'"
            )
        }
    }

    /// `'…'`: every character as written, no escapes.
    mutating func literalString() throws(ConfigFile.Failure) -> String {
        if startsWith("'''") { throw fail("multi-line strings (''') are not used here") }
        i += 1
        let start = i
        while let c = peek, c != "'" {
            if Self.isControl(c) { throw fail("a control character in a string") }
            i += 1
        }
        guard take("'") else { throw fail("a string is not closed with \"'\"") }
        return String(String.UnicodeScalarView(scalars[start..<(i - 1)]))
    }

    /// TOML forbids U+0000–U+001F (but tab) and U+007F in strings and comments.
    static func isControl(_ c: Unicode.Scalar) -> Bool {
        (c.value < 0x20 && c != "\t") || c.value == 0x7F
    }
}
