/// The TOML subset the config file uses, read as TOML 1.0 reads it: `[profile.NAME]`
/// tables holding `key = "string"` or `key = 'literal'` pairs, and comments. What it
/// accepts means what TOML says it means (a UTF-8 BOM, CRLF line ends, quoted keys,
/// escapes in basic strings, no escapes in literal ones); what TOML forbids it refuses
/// (a key or a table defined twice, an unknown escape, a control character in a string);
/// what TOML allows but a profile has no use for (numbers, arrays, multi-line strings,
/// dotted keys) is refused by name. Every error names the file and the line.
extension ConfigFile {
    static func parse(_ text: String, path: String) throws(Failure) -> [String: Profile] {
        var scalars = Array(text.unicodeScalars)
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        var profiles: [String: Profile] = [:]
        var tableLine: [String: Int] = [:]
        var keyLine: [String: Int] = [:]
        var current: String?
        for (index, raw) in scalars.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = ConfigLineReader(Array(raw), number: index + 1, path: path)
            if line.scalars.last == "\r" { line.scalars.removeLast() }
            line.skipSpace()
            if line.atEnd || line.peek == "#" {
                try line.expectEnd()
                continue
            }
            if line.peek == "[" {
                let name = try line.tableHeader()
                if let first = tableLine[name] {
                    throw line.fail(
                        "[profile.\(name)] is defined twice (lines \(first) and \(line.number)); TOML allows a table once"
                    )
                }
                tableLine[name] = line.number
                profiles[name] = Profile()
                current = name
                continue
            }
            let key = try line.key()
            guard let profile = current else { throw line.fail("'\(key)' is outside any [profile.NAME] table") }
            line.skipSpace()
            if line.peek == "." {
                throw line.fail("dotted keys are not used here; write '\(key)…' inside its [profile.NAME] table")
            }
            guard line.take("=") else { throw line.fail("expected \(key) = \"value\"") }
            line.skipSpace()
            let value = try line.stringValue(for: key)
            try line.expectEnd()
            let id = profile + "\u{0}" + key
            if let first = keyLine[id] {
                throw line.fail(
                    "'\(key)' is set twice in [profile.\(profile)] (lines \(first) and \(line.number)); TOML allows a key once"
                )
            }
            keyLine[id] = line.number
            profiles[profile]!.values[key] = value
        }
        return profiles
    }
}
