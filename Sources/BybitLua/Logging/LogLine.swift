/// One `bybit.log` line, formatted as logfmt or JSON. Everything a script passes ends up on
/// one line: newlines and other control characters are escaped, never written raw.
public struct LogLine: Sendable {
    /// `2026-12-06T19:28:46.123Z`.
    public var time: String
    public var level: LogLevel
    public var message: String
    /// In the order given; tables as ``LogValue/record(_:)`` or ``LogValue/list(_:)``.
    public var fields: [(String, LogValue)]

    public init(time: String, level: LogLevel, message: String, fields: [(String, LogValue)] = []) {
        self.time = time
        self.level = level
        self.message = message
        self.fields = fields
    }

    /// The keys every line starts with; a field of the same name is written as `fields.<name>`
    /// so that it can never replace them.
    static let reserved: Set<String> = ["time", "level", "msg"]

    /// The line in `format`, ending with a newline.
    public func formatted(_ format: LogSettings.Format) -> String {
        switch format {
        case .logfmt: logfmt()
        case .json: json()
        }
    }

    private var namedFields: [(String, LogValue)] {
        fields.map { Self.reserved.contains($0.0) ? ("fields." + $0.0, $0.1) : $0 }
    }

    /// `time=… level=info msg="…" key=value`, tables flattened to `key.sub=value`.
    func logfmt() -> String {
        var out = "time=\(time) level=\(level.name) msg="
        Logfmt.appendValue(message, to: &out)
        for (key, value) in namedFields { Logfmt.append(Logfmt.key(key), value, to: &out) }
        out += "\n"
        return out
    }

    /// `{"time":"…","level":"info","msg":"…",…}`: tables nested, decimals as exact strings.
    func json() -> String {
        var out = "{\"time\":"
        JSONText.appendString(time, to: &out)
        out += ",\"level\":"
        JSONText.appendString(level.name, to: &out)
        out += ",\"msg\":"
        JSONText.appendString(message, to: &out)
        for (key, value) in namedFields {
            out += ","
            JSONText.appendString(key, to: &out)
            out += ":"
            JSONText.append(value, to: &out)
        }
        out += "}\n"
        return out
    }
}

/// logfmt's rules: a key is one word; a value is bare unless it is empty or has a space,
/// `=`, `"` or a control character, then it is quoted with `\"`, `\\`, `\n`, `\r`, `\t`
/// and `\u00XX` escapes.
enum Logfmt {
    static func append(_ key: String, _ value: LogValue, to out: inout String) {
        switch value {
        case .list(let items) where items.isEmpty:
            out += " \(key)=[]"
        case .list(let items):
            for (i, item) in items.enumerated() { append("\(key).\(i + 1)", item, to: &out) }
        case .record(let entries):
            for (k, v) in entries { append("\(key).\(Self.key(k))", v, to: &out) }
        default:
            out += " \(key)="
            appendValue(scalarText(value), to: &out)
        }
    }

    static func scalarText(_ value: LogValue) -> String {
        switch value {
        case .text(let s), .decimal(let s), .opaque(let s): s
        case .integer(let i): String(i)
        case .number(let d): LogValue.luaNumberText(d)
        case .boolean(let b): b ? "true" : "false"
        case .list, .record: "table"
        }
    }

    /// A key with every space, `=`, `"` and control character replaced by `_`.
    static func key(_ k: String) -> String {
        guard !k.isEmpty else { return "_" }
        guard k.unicodeScalars.contains(where: needsQuote) else { return k }
        return String(String.UnicodeScalarView(k.unicodeScalars.map { needsQuote($0) ? "_" : $0 }))
    }

    static func needsQuote(_ c: Unicode.Scalar) -> Bool {
        c.value <= 0x20 || c == "=" || c == "\"" || c.value == 0x7f || c == "\u{FFFD}"
            || (0x80...0x9f).contains(c.value) || c == "\u{2028}" || c == "\u{2029}"
    }

    static func appendValue(_ s: String, to out: inout String) {
        guard s.isEmpty || s.unicodeScalars.contains(where: needsQuote) else {
            out += s
            return
        }
        out += "\""
        JSONText.appendEscaped(s, to: &out)
        out += "\""
    }
}
